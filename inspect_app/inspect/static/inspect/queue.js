/* The offline queue: per sheet, in IndexedDB, what the server has (saved), what waits (pending),
   and the one body in flight under its client UUID (sent again as is until answered, so it is
   stored once). Photos wait in their own store. Exposed as window.InspectQueue. */
(function (root) {
  "use strict";
  var DB = "inspect-queue", db = null;

  function open() {
    if (db) return Promise.resolve(db);
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("sheets", { keyPath: "id" });
        request.result.createObjectStore("photos", { keyPath: "upload" });
      };
      request.onsuccess = function () { db = request.result; resolve(db); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function tx(store, mode, work) {
    return open().then(function (base) {
      return new Promise(function (resolve, reject) {
        var t = base.transaction(store, mode), result;
        t.oncomplete = function () { resolve(result); };
        t.onerror = t.onabort = function () { reject(t.error); };
        work(t.objectStore(store), function (value) { result = value; });
      });
    });
  }

  function get(store, key) {
    return tx(store, "readonly", function (s, done) { s.get(key).onsuccess = function (e) { done(e.target.result); }; });
  }
  function all(store) {
    return tx(store, "readonly", function (s, done) { s.getAll().onsuccess = function (e) { done(e.target.result); }; });
  }

  /* Read-modify-write one sheet's record in one transaction. */
  function update(id, change) {
    return tx("sheets", "readwrite", function (s, done) {
      s.get(id).onsuccess = function (e) {
        var record = e.target.result || { id: id, version: 0, saved: {}, pending: {}, inflight: null };
        change(record);
        s.put(record);
        done(record);
      };
    });
  }

  function uuid() {
    if (root.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)), h = [];
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    for (var i = 0; i < 16; i++) h.push((b[i] + 256).toString(16).slice(1));
    return h.slice(0, 4).join("") + "-" + h.slice(4, 6).join("") + "-" + h.slice(6, 8).join("") + "-" + h.slice(8, 10).join("") + "-" + h.slice(10).join("");
  }

  function waiting(record) { return !!record && (record.inflight !== null || Object.keys(record.pending).length > 0); }

  root.InspectQueue = {
    get: function (id) { return get("sheets", id); },
    sheets: function () { return all("sheets"); },
    update: update,
    waiting: waiting,
    uuid: uuid,
    addPhoto: function (photo) { return tx("photos", "readwrite", function (s) { s.put(photo); }); },
    photos: function () { return all("photos"); },
    dropPhoto: function (upload) { return tx("photos", "readwrite", function (s) { s.delete(upload); }); }
  };

  /* Register the service worker and keep this page and its scripts and styles for offline use
     (the first visit is not yet seen by the worker, so the page stores itself). */
  root.InspectOffline = {
    keep: function () {
      if (!("serviceWorker" in navigator) || !root.caches) return;
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
      var urls = [location.pathname].concat(Array.prototype.map.call(
        document.querySelectorAll("script[src], link[rel=stylesheet]"), function (el) { return el.src || el.href; }));
      caches.open("inspect-v1").then(function (cache) { return cache.addAll(urls); }).catch(function () {});
    }
  };
})(window);
