// Draws every chart on the page. Each chart is an element with
// data-echarts="<id of a JSON script element holding the echarts option>",
// written by web.Chart.HTML; keeping the option in JSON lets the pages run
// under a Content-Security-Policy without inline scripts.
(function () {
  "use strict";
  if (typeof echarts === "undefined") {
    return;
  }
  var locale = (document.documentElement.lang || "en").toLowerCase().indexOf("zh") === 0 ? "ZH" : "EN";
  var instances = [];
  var nodes = document.querySelectorAll("[data-echarts]");
  for (var i = 0; i < nodes.length; i++) {
    var el = nodes[i];
    var src = document.getElementById(el.getAttribute("data-echarts"));
    if (!src) {
      continue;
    }
    try {
      var option = JSON.parse(src.textContent);
      withUnits(option);
      var chart = echarts.init(el, null, { renderer: "canvas", locale: locale });
      chart.setOption(option);
      instances.push(chart);
    } catch (e) {
      el.textContent = String(e);
      el.className += " chart-error";
    }
  }
  // withUnits gives tooltips their unit: the option names it as a
  // template, tooltip.valueFormat ("{value} s"), since JSON holds no
  // functions (web/chartconv.go).
  function withUnits(option) {
    var tip = option.tooltip;
    if (!tip || typeof tip.valueFormat !== "string") {
      return;
    }
    var pattern = tip.valueFormat;
    delete tip.valueFormat;
    tip.valueFormatter = function (v) {
      if (Array.isArray(v)) {
        v = v[v.length - 1]; // a heat map cell [x, y, value]
      }
      if (v === null || v === undefined || v === "-" || (typeof v === "number" && isNaN(v))) {
        return "-";
      }
      return pattern.replace("{value}", String(v));
    };
  }
  var pending = false;
  window.addEventListener("resize", function () {
    if (pending) {
      return;
    }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      for (var j = 0; j < instances.length; j++) {
        instances[j].resize();
      }
    });
  });
})();
