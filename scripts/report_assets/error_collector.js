/* Inlined first in <head> by scripts/build_report.py: collect every error of the page
 * (uncaught errors, unhandled rejections, console.error, network loads blocked by the
 * CSP) from the very start, and mirror them into the DOM (<ul id="js-errors"> and
 * body[data-js-errors]) so a headless browser's --dump-dom shows them. plg_charts.js
 * reports its own chart failures through it too. */
(function () {
  "use strict";
  var errors = window.__plgErrors = [];

  function sync() {
    if (!document.body) { return; }
    document.body.setAttribute("data-js-errors", String(errors.length));
    var list = document.getElementById("js-errors");
    if (!list) { return; }
    while (list.childNodes.length < errors.length) {
      var item = document.createElement("li");
      item.textContent = errors[list.childNodes.length];
      list.appendChild(item);
    }
  }

  window.__plgRecordError = function (message) { errors.push(String(message)); sync(); };
  window.__plgSyncErrors = sync;
  window.addEventListener("error", function (event) {
    window.__plgRecordError("uncaught: " + (event.message || event.type) +
                            (event.filename ? " (" + event.filename + ":" + event.lineno + ")" : ""));
  });
  window.addEventListener("unhandledrejection", function (event) {
    window.__plgRecordError("unhandled rejection: " + event.reason);
  });
  // the page's Content-Security-Policy forbids every network load: an attempt is an error too
  document.addEventListener("securitypolicyviolation", function (event) {
    window.__plgRecordError("blocked by CSP: " + event.violatedDirective + " " + event.blockedURI);
  });
  var consoleError = console.error;
  console.error = function () {
    window.__plgRecordError("console.error: " + Array.prototype.join.call(arguments, " "));
    return consoleError.apply(console, arguments);
  };
  document.addEventListener("DOMContentLoaded", sync);
  window.addEventListener("load", sync);
})();
