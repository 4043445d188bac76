/* "My work": mark the sheets whose answers or photos still wait in this device's queue, and say
   how many standalone findings wait here (or were refused and need the inspector). */
(function () {
  "use strict";
  var Q = window.InspectQueue;
  Promise.all([Q.sheets(), Q.photos(), Q.findings()]).then(function (found) {
    var waiting = {};
    found[0].forEach(function (r) {
      var n = Q.waitingAnswers(r);
      if (n) waiting[r.id] = (waiting[r.id] || 0) + n;
    });
    found[1].forEach(function (p) { waiting[p.sheet] = (waiting[p.sheet] || 0) + 1; });
    Object.keys(waiting).forEach(function (id) {
      var cell = document.querySelector('[data-queued="' + id + '"]');
      if (cell) cell.textContent = waiting[id] + " 项待发送";
    });
    var line = document.getElementById("queued-findings");
    var left = found[2].filter(function (f) { return f.state === "waiting"; }).length;
    var refused = found[2].filter(function (f) { return f.state === "refused"; }).length;
    if (!line || !(left + refused)) return;
    line.hidden = false;
    line.firstChild.textContent = "本机有 " + (left + refused) + " 条发现的问题待发送" + (refused ? "（其中 " + refused + " 条被退回，需修改）" : "");
  });
  window.InspectOffline.keep();
})();
