/* The offline queue of survey answers.
 *
 * One store in IndexedDB, shared by the survey page (its WASM calls `IkmQueue`) and the service
 * worker (Background Sync, and plain form posts that fail for want of a network). An answer is
 * written here first, durably, and only then sent; it leaves the queue when the server confirms it
 * (200 with its id), and nothing else removes it: items never expire.
 *
 * Server answers (see server/src/survey.rs):
 *   200 {status: "stored"|"duplicate", id}  -> delivered, removed.
 *   409 / 404 / 422 / other 4xx               -> kept as "held", with the server's message, for a
 *                                                person to look at; never retried by itself.
 *   5xx, 408, 429, no network, or a 200 that is not our JSON (a captive portal's login page)
 *                                             -> kept "waiting", tried again later.
 * The response id is the idempotency key: sending an item twice, from two tabs at once, or after a
 * lost answer, stores it once.
 *
 * Schema changes bump DB_VERSION and migrate the items in `upgrade` — never drop them.
 */
(function (scope) {
  "use strict";

  var DB_NAME = "ikm-queue";
  var DB_VERSION = 1;
  var STORE = "responses";
  var LOCK = "ikm-queue-flush";
  var SYNC_TAG = "ikm-queue";
  var SEND_TIMEOUT_MS = 20000;

  function upgrade(db, oldVersion) {
    if (oldVersion < 1) {
      var store = db.createObjectStore(STORE, { keyPath: "id" });
      store.createIndex("created", "created");
    }
    // Version 2 and later: migrate existing items here with a cursor over STORE.
  }

  var opening = null;
  function open() {
    if (opening) return opening;
    opening = new Promise(function (resolve, reject) {
      if (!scope.indexedDB) {
        reject(new Error("IndexedDB is not available"));
        return;
      }
      var request = scope.indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = function (event) {
        upgrade(request.result, event.oldVersion);
      };
      request.onsuccess = function () {
        var db = request.result;
        // Let a newer version of this script (another tab, a new worker) upgrade the database.
        db.onversionchange = function () {
          db.close();
          opening = null;
        };
        resolve(db);
      };
      request.onerror = function () {
        opening = null;
        reject(request.error);
      };
    });
    return opening;
  }

  /* Runs `work(store)` in one transaction; resolves with its result once the transaction has
     committed ("strict": written to disk, where the browser supports the hint). */
  function transact(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode, { durability: "strict" });
        var result;
        tx.oncomplete = function () {
          resolve(result);
        };
        tx.onerror = tx.onabort = function () {
          reject(tx.error || new Error("IndexedDB transaction failed"));
        };
        var request = work(tx.objectStore(STORE));
        if (request) {
          request.onsuccess = function () {
            result = request.result;
          };
        }
      });
    });
  }

  function all() {
    return transact("readonly", function (store) {
      return store.index("created").getAll();
    });
  }

  function get(id) {
    return transact("readonly", function (store) {
      return store.get(id);
    });
  }

  function put(item) {
    return transact("readwrite", function (store) {
      return store.put(item);
    });
  }

  function remove(id) {
    return transact("readwrite", function (store) {
      return store.delete(id);
    });
  }

  /* Asks the browser to wake the service worker when it has a connection (Background Sync, where
     the browser has it). Works from a page and from the worker itself. */
  function requestSync() {
    var ready = scope.registration
      ? Promise.resolve(scope.registration)
      : scope.navigator && navigator.serviceWorker
        ? navigator.serviceWorker.ready
        : null;
    if (!ready) return;
    ready
      .then(function (registration) {
        if (registration.sync) return registration.sync.register(SYNC_TAG);
      })
      .catch(function () {});
  }

  /* Stores one answer. `body` is the form, URL-encoded, with its own `id`. */
  function add(id, url, body) {
    var item = {
      id: id,
      url: url,
      body: body,
      created: new Date().toISOString(),
      state: "waiting",
      attempts: 0,
      lastTried: null,
      problem: null,
    };
    return put(item).then(function () {
      if (scope.navigator && navigator.storage && navigator.storage.persist) {
        navigator.storage.persist().catch(function () {});
      }
      requestSync();
    });
  }

  function counts() {
    return all().then(function (items) {
      var waiting = 0;
      var held = 0;
      items.forEach(function (item) {
        if (item.state === "held") held += 1;
        else waiting += 1;
      });
      return [waiting, held];
    });
  }

  function has(id) {
    return get(id).then(function (item) {
      return item !== undefined;
    });
  }

  function withTimeout(ms) {
    if (typeof AbortController === "undefined") return {};
    var controller = new AbortController();
    setTimeout(function () {
      controller.abort();
    }, ms);
    return { signal: controller.signal };
  }

  /* Sends one stored item once and records what the server said. Resolves with "delivered",
     "held" or "retry" (and "gone" when another sender already delivered it). */
  function deliver(id) {
    return get(id).then(function (item) {
      if (!item) return "gone";
      if (item.state === "held") return "held";
      var options = withTimeout(SEND_TIMEOUT_MS);
      options.method = "POST";
      options.credentials = "same-origin";
      options.cache = "no-store";
      options.headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
      };
      options.body = item.body;
      var tried = new Date().toISOString();
      return fetch(item.url, options)
        .then(function (response) {
          return response
            .json()
            .catch(function () {
              return null;
            })
            .then(function (answer) {
              return { status: response.status, answer: answer };
            });
        })
        .then(
          function (reply) {
            var answer = reply.answer || {};
            if (reply.status === 200 && answer.id === item.id) {
              return remove(item.id).then(function () {
                return "delivered";
              });
            }
            var transient =
              reply.status >= 500 ||
              reply.status === 408 ||
              reply.status === 429 ||
              reply.status < 400 ||
              !reply.answer;
            return get(item.id).then(function (current) {
              if (!current) return "gone";
              current.attempts += 1;
              current.lastTried = tried;
              if (transient) {
                current.problem = { status: reply.status, message: answer.message || null };
              } else {
                current.state = "held";
                current.problem = {
                  status: reply.status,
                  kind: answer.status || null,
                  message: answer.message || null,
                  problems: answer.problems || null,
                };
              }
              return put(current).then(function () {
                return transient ? "retry" : "held";
              });
            });
          },
          function () {
            // No network (or it timed out): keep it and say so.
            return get(item.id).then(function (current) {
              if (!current) return "gone";
              current.attempts += 1;
              current.lastTried = tried;
              current.problem = { status: 0, message: null };
              return put(current).then(function () {
                return "retry";
              });
            });
          }
        );
    });
  }

  /* Sends every waiting item, oldest first, one sender at a time per browser (a Web Lock shared by
     tabs and the worker). Stops at the first sign of a network or server problem. Resolves with
     [waiting, held] afterwards. */
  function flush() {
    var run = function () {
      return all().then(function (items) {
        var waiting = items.filter(function (item) {
          return item.state !== "held";
        });
        var next = function (i) {
          if (i >= waiting.length) return Promise.resolve();
          return deliver(waiting[i].id).then(function (outcome) {
            if (outcome === "retry") return undefined;
            return next(i + 1);
          });
        };
        return next(0).then(counts);
      });
    };
    if (scope.navigator && navigator.locks && navigator.locks.request) {
      return navigator.locks.request(LOCK, run);
    }
    return run();
  }

  /* The items kept for a person to look at, with what the server said. */
  function held() {
    return all().then(function (items) {
      return items.filter(function (item) {
        return item.state === "held";
      });
    });
  }

  scope.IkmQueue = {
    add: add,
    counts: counts,
    has: has,
    deliver: deliver,
    flush: flush,
    held: held,
    SYNC_TAG: SYNC_TAG,
  };
})(self);
