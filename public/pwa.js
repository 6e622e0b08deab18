/* Registers the service worker (public/sw.js) from a survey or kiosk page and asks it to keep this
   page and everything it loaded, so that the page opens again with no network. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  function keepThisPage(registration) {
    var worker = registration.active || navigator.serviceWorker.controller;
    if (!worker) return;
    var urls = [location.href];
    document.querySelectorAll("link[href], script[src]").forEach(function (el) {
      urls.push(el.href || el.src);
    });
    worker.postMessage({ type: "keep", urls: urls });
  }
  window.addEventListener("load", function () {
    navigator.serviceWorker
      .register("/sw.js", { scope: "/" })
      .then(function () {
        return navigator.serviceWorker.ready;
      })
      .then(keepThisPage)
      .catch(function () {});
  });
})();
