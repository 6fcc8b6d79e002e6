// Keeps the intraday board live: the page's board element names its
// stream (data-live); each "board" event from the server is the board's
// new HTML (tiles, timeline and table, rendered by the same template as
// the page). Without script, or when the stream is refused, the page stays
// as it was loaded; EventSource reconnects by itself when a stream ends.
(function () {
  "use strict";
  var board = document.getElementById("intraday-board");
  if (!board || !board.getAttribute("data-live") || typeof EventSource === "undefined") {
    return;
  }
  var source = new EventSource(board.getAttribute("data-live"));
  source.addEventListener("board", function (e) {
    board.innerHTML = e.data;
    board.setAttribute("data-updated", String(Date.now()));
    var badge = document.getElementById("intraday-live");
    if (badge) {
      badge.hidden = false;
    }
  });
  source.addEventListener("error", function () {
    var badge = document.getElementById("intraday-live");
    if (badge) {
      badge.hidden = true;
    }
  });
})();
