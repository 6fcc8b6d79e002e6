package webtest

// ChartsWithoutDataOrNote lists the ids of drawn charts none of whose
// series has a value, and whose card has no note saying why.
const ChartsWithoutDataOrNote = `(function(){
  var out = [];
  document.querySelectorAll('[data-echarts]').forEach(function(el){
    var c = window.echarts && echarts.getInstanceByDom(el);
    var has = false;
    if (c) {
      (c.getOption().series || []).forEach(function(s){
        (s.data || []).forEach(function(d){
          var v = (d && typeof d === 'object' && !Array.isArray(d)) ? d.value : d;
          if (v !== '-' && v !== null && v !== undefined) { has = true; }
        });
      });
    }
    var card = el.closest('.chart');
    var note = card && card.querySelector('.chart-note');
    if (!has && !(note && note.innerText.trim())) { out.push(el.id); }
  });
  return out;
})()`

// ChartsWithoutUnitTooltips lists the ids of drawn charts whose tooltip
// has no value formatter (charts.js makes one from the option's unit).
const ChartsWithoutUnitTooltips = `(function(){
  var out = [];
  document.querySelectorAll('[data-echarts]').forEach(function(el){
    var c = window.echarts && echarts.getInstanceByDom(el);
    var tip = c && (c.getOption().tooltip || [])[0];
    if (!tip || typeof tip.valueFormatter !== 'function' || tip.valueFormatter(12) === '12') { out.push(el.id); }
  });
  return out;
})()`

// setLocale switches the interface language with the header's buttons,
// from a light page (a supervisor lands on the roster board, still
