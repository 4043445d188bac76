/* The offline queue: per sheet, in IndexedDB, what the server has (saved), what waits (pending),
   and the one body in flight under its client UUID (sent again as is until answered, so it is
   stored once). Photos wait in their own store; standalone findings in theirs, each whole (fields
   and shrunk photos) under its submission UUID. Exposed as window.InspectQueue, with what both
   forms share: photo shrinking, posting with the CSRF token, a fresh token. */
(function (root) {
  "use strict";
  var DB = "inspect-queue", VERSION = 2, db = null;

  /* Each version adds its stores to what the one before made: nothing queued is ever dropped. */
  var UPGRADES = [
    function (base) {  // 1: sheets and their photos
      base.createObjectStore("sheets", { keyPath: "id" });
      base.createObjectStore("photos", { keyPath: "upload" });
    },
    function (base) { base.createObjectStore("findings", { keyPath: "submission" }); }  // 2: standalone findings
  ];

  function open() {
    if (db) return Promise.resolve(db);
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, VERSION);
      request.onupgradeneeded = function (event) {
        for (var v = event.oldVersion; v < VERSION; v++) UPGRADES[v](request.result);
      };
      request.onsuccess = function () {
        db = request.result;
        db.onversionchange = function () { db.close(); db = null; };  // a newer page upgrades; reopen on next use
        resolve(db);
      };
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
        record.owner = record.owner || owner();
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
  function waitingAnswers(record) {  // how many of a sheet's answers wait: pending, and the one body in flight
    return record ? Object.keys(record.pending).length + (record.inflight ? Object.keys(record.inflight.answers).length : 0) : 0;
  }

  function shrink(file) {  // long edge at most 1600 px, JPEG; documents go as they are
    if (!/^image\//.test(file.type)) return Promise.resolve(file);
    return createImageBitmap(file).then(function (bitmap) {
      var scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale); canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", 0.85); });
    });
  }

  /* A phone may pass from one inspector to the next: each queued sheet, photo and finding is its
     inspector's, and a finding is listed and sent only under that login (one queued before owners
     were kept is anyone's). */
  function owner() { var meta = document.querySelector('meta[name="user"]'); return meta ? meta.content : ""; }
  function mine(records) {
    var me = owner();
    return records.filter(function (r) { return !r.owner || r.owner === me; });
  }

  function csrf() { return document.querySelector('meta[name="csrf-token"]').content; }

  /* POST JSON (or a FormData) with the page's CSRF token: {status, body}; a network failure rejects. */
  function post(url, body, isForm) {
    var headers = { "X-CSRFToken": csrf() };
    if (!isForm) headers["Content-Type"] = "application/json";
    return fetch(url, { method: "POST", credentials: "same-origin", headers: headers,
                        body: isForm ? body : JSON.stringify(body) }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) { return { status: response.status, body: json }; });
    });
  }

  function freshToken() {  // a form open for hours: a new token from GET /auth/csrf, else a fresh page
    return fetch("/auth/csrf", { credentials: "same-origin" }).then(function (r) {
      if (r.ok) return r.json().then(function (j) { return j.csrf_token; });
      return fetch(location.pathname, { credentials: "same-origin" }).then(function (p) { return p.text(); }).then(function (html) {
        return new DOMParser().parseFromString(html, "text/html").querySelector('meta[name="csrf-token"]').content;
      });
    }).then(function (token) { document.querySelector('meta[name="csrf-token"]').content = token; });
  }

  root.InspectQueue = {
    get: function (id) { return get("sheets", id); },
    sheets: function () { return all("sheets"); },
    update: update,
    waiting: waiting,
    waitingAnswers: waitingAnswers,
    uuid: uuid,
    addPhoto: function (photo) {
      photo.owner = photo.owner || owner();
      return tx("photos", "readwrite", function (s) { s.put(photo); });
    },
    photos: function () { return all("photos"); },
    dropPhoto: function (upload) { return tx("photos", "readwrite", function (s) { s.delete(upload); }); },
    putFinding: function (finding) {
      finding.owner = finding.owner || owner();
      return tx("findings", "readwrite", function (s) { s.put(finding); });
    },
    findings: function () { return all("findings").then(mine); },
    dropFinding: function (submission) { return tx("findings", "readwrite", function (s) { s.delete(submission); }); },
    ownWaiting: function () {  // how many answers, photos and findings of this login wait on this device
      return Promise.all([all("sheets"), all("photos"), all("findings")]).then(function (found) {
        var answers = mine(found[0]).reduce(function (n, r) { return n + waitingAnswers(r); }, 0);
        var findings = mine(found[2]).filter(function (f) { return f.state !== "sent"; }).length;
        return answers + mine(found[1]).length + findings;
      });
    },
    shrink: shrink,
    post: post,
    freshToken: freshToken
  };

  /* Register the service worker and keep this page and its scripts and styles for offline use
     (the first visit is not yet seen by the worker, so the page stores itself). */
  root.InspectOffline = {
    keep: function () {
      if (!("serviceWorker" in navigator) || !root.caches) return;
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
      var urls = [location.pathname].concat(Array.prototype.map.call(
        document.querySelectorAll("script[src], link[rel=stylesheet]"), function (el) { return el.src || el.href; }));
      caches.open("inspect-v2").then(function (cache) { return cache.addAll(urls); }).catch(function () {});
    }
  };
})(window);
