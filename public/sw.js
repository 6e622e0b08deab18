/* The service worker: keeps the survey working with no network.
 *
 * - Survey and kiosk pages (/s/{unit}, /k/{unit}), the halls of Mal Pelayanan Publik (/m/{mpp},
 *   /m/{mpp}/kiosk) and the app shell (CSS, JS, WASM, icons) are
 *   fetched from the network first and kept in the cache; with no network (or none within a few
 *   seconds) the kept copy is served. A page never opened before gets /offline.html.
 * - The page registering this worker asks it to keep the page itself and everything it loaded
 *   (the first visit is not yet served through the worker).
 * - A plain form post (no WASM yet) that fails for want of a network is put in the same queue the
 *   WASM uses (queue.js) and thanked with a short page.
 * - Background Sync ("ikm-queue") sends the queue when the browser regains a connection, even with
 *   no survey page open. Updating this worker never touches the queue (IndexedDB), only caches.
 */
importScripts("/queue.js");

var VERSION = "1";
var SHELL_CACHE = "ikm-shell-" + VERSION;
/* Pages are kept across versions: a kiosk that updated must still open offline. */
var PAGE_CACHE = "ikm-pages";
var PATIENCE_MS = 4000;
var PRECACHE = [
  "/offline.html",
  "/queue.js",
  "/pwa.js",
  "/favicon.svg",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
  "/pkg/ikm.css",
  "/pkg/ikm.js",
  "/pkg/ikm.wasm",
];

function isSurvey(url) {
  return /^\/[sk]\/[^/]+\/?$/.test(url.pathname) || /^\/m\/[^/]+(\/kiosk)?\/?$/.test(url.pathname);
}

function isShell(url) {
  return (
    url.pathname.indexOf("/pkg/") === 0 ||
    url.pathname.indexOf("/icons/") === 0 ||
    url.pathname === "/queue.js" ||
    url.pathname === "/pwa.js" ||
    url.pathname === "/favicon.svg" ||
    url.pathname === "/offline.html" ||
    /\/manifest\.webmanifest$/.test(url.pathname)
  );
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then(function (cache) {
        return Promise.all(
          PRECACHE.map(function (path) {
            return cache.add(path).catch(function () {});
          })
        );
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("ikm-shell-") === 0 && name !== SHELL_CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
      .then(function () {
        return IkmQueue.flush().catch(function () {});
      })
  );
});

function cacheFor(url) {
  return isSurvey(url) ? PAGE_CACHE : SHELL_CACHE;
}

function keep(request, response) {
  if (!response || !response.ok || response.type === "opaque") return Promise.resolve();
  var url = new URL(request.url);
  return caches.open(cacheFor(url)).then(function (cache) {
    return cache.put(request, response);
  });
}

function kept(request) {
  var url = new URL(request.url);
  var options = { ignoreVary: true };
  return caches.open(cacheFor(url)).then(function (cache) {
    return cache.match(request, options).then(function (hit) {
      if (hit || !isSurvey(url)) return hit;
      // The same unit's page with another counter tag or language is better than nothing.
      return cache.match(request, { ignoreVary: true, ignoreSearch: true });
    });
  });
}

/* The network's answer, kept for later; the kept copy when the network fails or is slower than
   PATIENCE_MS (the network's answer still refreshes the cache when it comes). */
function networkFirst(event) {
  var request = event.request;
  return kept(request).then(function (cached) {
    var fromNetwork = fetch(request).then(function (response) {
      event.waitUntil(keep(request, response.clone()).catch(function () {}));
      return response;
    });
    if (!cached) return fromNetwork;
    var patience = new Promise(function (resolve) {
      setTimeout(function () {
        resolve(cached);
      }, PATIENCE_MS);
    });
    return Promise.race([
      fromNetwork.catch(function () {
        return cached;
      }),
      patience,
    ]);
  });
}

function offlinePage() {
  return caches.match("/offline.html", { ignoreVary: true }).then(function (page) {
    return (
      page ||
      new Response("Tidak ada sambungan internet. / No internet connection.", {
        status: 503,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      })
    );
  });
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* A response id like the server's (UUIDv7): the Unix milliseconds, then random bits, so that ids
   made close in time sort close together in the database's index (survey::response_id). */
function responseId() {
  var bytes = new Uint8Array(16);
  self.crypto.getRandomValues(bytes);
  var ms = Date.now();
  for (var i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  var hex = Array.prototype.map.call(bytes, function (b) {
    return (b < 16 ? "0" : "") + b.toString(16);
  }).join("");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

/* A plain form post: to the server when it can be reached; otherwise into the queue, thanked. */
function postOrQueue(event) {
  var request = event.request;
  var copy = request.clone();
  return fetch(request).catch(function () {
    return copy.text().then(function (text) {
      var fields = new URLSearchParams(text);
      var formId = fields.get("id") || "";
      var id = responseId();
      // The page's id stays as `form` (its render token is signed for it); the response gets its own.
      fields.set("form", formId);
      fields.set("id", id);
      fields.set("answered_at", new Date().toISOString());
      var url = new URL(request.url);
      return IkmQueue.add(id, url.pathname, fields.toString()).then(function () {
        var kiosk = url.pathname.indexOf("/k/") === 0;
        var back = escapeHtml(url.pathname + url.search);
        var html =
          '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">' +
          '<meta name="viewport" content="width=device-width, initial-scale=1">' +
          (kiosk ? '<meta http-equiv="refresh" content="6;url=' + back + '">' : "") +
          '<link rel="stylesheet" href="/pkg/ikm.css"><title>Terima kasih · IKM</title></head>' +
          '<body><main id="main"><section class="thanks" data-testid="saved-locally">' +
          '<p class="thanks-mark" aria-hidden="true">✓</p><h1>Terima kasih!</h1>' +
          "<p>Jawaban Anda tersimpan di perangkat ini dan akan terkirim sendiri begitu ada sambungan.</p>" +
          '<p lang="en">Thank you! Your answers are saved on this device and will be sent as soon as there is a connection.</p>' +
          '<p><a href="' + back + '">Isi survei lagi · Answer again</a></p>' +
          "</section></main></body></html>";
        return new Response(html, {
          status: 200,
          headers: { "Content-Type": "text/html; charset=utf-8" },
        });
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (request.mode === "navigate" && isSurvey(url)) event.respondWith(postOrQueue(event));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    if (isSurvey(url)) {
      event.respondWith(
        networkFirst(event).catch(function () {
          return offlinePage();
        })
      );
    } else {
      event.respondWith(
        fetch(request).catch(function () {
          return offlinePage();
        })
      );
    }
    return;
  }
  if (isShell(url)) {
    event.respondWith(networkFirst(event));
  }
});

/* `{type: "keep", urls: [...]}` from a page: keep these (the page itself and what it loaded). */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  event.waitUntil(
    Promise.all(
      data.urls.map(function (href) {
        var url = new URL(href, self.location.origin);
        if (url.origin !== self.location.origin) return undefined;
        if (!isSurvey(url) && !isShell(url)) return undefined;
        var request = new Request(url.href, { credentials: "same-origin" });
        return fetch(request)
          .then(function (response) {
            return keep(request, response);
          })
          .catch(function () {});
      })
    )
  );
});

self.addEventListener("sync", function (event) {
  if (event.tag !== IkmQueue.SYNC_TAG) return;
  event.waitUntil(
    IkmQueue.flush().then(function (counts) {
      // Still waiting: fail, so that the browser tries again later with its own back-off.
      if (counts[0] > 0) throw new Error(counts[0] + " answers still waiting");
    })
  );
});
