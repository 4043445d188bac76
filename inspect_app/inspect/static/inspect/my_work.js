/* "My work": mark the sheets whose answers or photos still wait in this device's queue. */
(function () {
  "use strict";
  var Q = window.InspectQueue;
  Promise.all([Q.sheets(), Q.photos()]).then(function (found) {
    var waiting = {};
    found[0].forEach(function (r) {
      var n = Object.keys(r.pending).length + (r.inflight ? Object.keys(r.inflight.answers).length : 0);
      if (n) waiting[r.id] = (waiting[r.id] || 0) + n;
    });
    found[1].forEach(function (p) { waiting[p.sheet] = (waiting[p.sheet] || 0) + 1; });
    Object.keys(waiting).forEach(function (id) {
      var cell = document.querySelector('[data-queued="' + id + '"]');
      if (cell) cell.textContent = waiting[id] + " 项待发送";
    });
  });
  window.InspectOffline.keep();
})();
