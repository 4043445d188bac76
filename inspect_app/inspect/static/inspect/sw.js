/* The service worker: the app's own pages and static files for offline use, forgotten at logout.
   It never answers a POST or the API: saves go through the page's IndexedDB queue, which retries them. */
"use strict";
var CACHE = "inspect-v2";  // a new name when the kept scripts change shape (v2: queue.js keeps findings)

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {  // scripts kept under an older name are dropped
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(request, response) {
  if (response.ok && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (request.method === "POST" && url.origin === self.location.origin && url.pathname === "/auth/logout") {
    event.waitUntil(caches.delete(CACHE));  // whoever uses this phone next finds none of these pages offline
    return;  // the logout itself goes to the server untouched; the offline queue (IndexedDB) is kept
  }
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (/^\/(api|auth)\//.test(url.pathname) || url.pathname === "/sw.js") return;
  // Static URLs carry their file's digest (?v=): a page is served with the very scripts it names,
  // and a page kept from before a deploy still finds its own, older ones here when offline.
  if (url.pathname.indexOf("/static/") === 0) {  // from the cache at once, refreshed behind
    event.respondWith(caches.match(request, { ignoreVary: true }).then(function (hit) {
      var fresh = fetch(request).then(function (response) { return keep(request, response); });
      return hit || fresh;
    }));
    return;
  }
  event.respondWith(fetch(request).then(function (response) {  // pages: the network first
    return keep(request, response);
  }).catch(function () {
    return caches.match(request, { ignoreVary: true, ignoreSearch: true }).then(function (hit) {
      return hit || new Response("<meta charset=utf-8><p>离线：此页尚未在本机打开过。请联网后再打开。</p>",
                                 { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
    });
  }));
});
