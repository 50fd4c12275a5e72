/* Search loads when the reader first opens it, not with every page.

   Material for MkDocs starts its search worker and downloads the whole search index
   as soon as any page opens: about 70 KB that most readers, who never search, pay for on
   every first visit. This script runs before Material's bundle (overrides/main.html) and
   holds both back until the search box is opened (focused, clicked, or opened with a
   keyboard shortcut): the worker is a stand-in that queues messages until then, and the
   request for the index is sent then. Material itself is unchanged; if it ever loads
   search another way, search still works and only the saving is lost (make bench shows it). */
(function () {
  "use strict";
  var toggle = document.getElementById("__search");
  var RealWorker = window.Worker;
  if (!toggle || !RealWorker || typeof EventTarget !== "function") return;

  var waiting = [];
  function whenOpened(start) {
    if (toggle.checked) start();
    else waiting.push(start);
  }
  toggle.addEventListener("change", function () {
    if (!toggle.checked) return;
    var starts = waiting;
    waiting = [];
    starts.forEach(function (start) { start(); });
  });

  // The search worker: a stand-in that becomes the real worker once search is opened.
  window.Worker = function (url, options) {
    if (!/\/workers\/search\.[^/]*\.js/.test(String(url))) return new RealWorker(url, options);
    var standIn = new EventTarget();
    var real = null;
    var queue = [];
    standIn.postMessage = function (message) {
      if (real) real.postMessage(message);
      else queue.push(message);
    };
    standIn.terminate = function () {
      if (real) real.terminate();
      queue = [];
    };
    whenOpened(function () {
      real = new RealWorker(url, options);
      ["message", "messageerror", "error"].forEach(function (type) {
        real.addEventListener(type, function (event) {
          standIn.dispatchEvent(
            type === "error" ? new ErrorEvent("error", event) : new MessageEvent(type, { data: event.data })
          );
        });
      });
      queue.forEach(function (message) { real.postMessage(message); });
      queue = [];
    });
    return standIn;
  };

  // The search index: its request waits until search is opened.
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.guideSearchIndex = /\/search\/search_index\.json(\?|$)/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!request.guideSearchIndex) return send.apply(request, args);
    whenOpened(function () { send.apply(request, args); });
  };
})();
