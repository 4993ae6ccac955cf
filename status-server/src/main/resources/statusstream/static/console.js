// The console stays usable without this script. With it, the console follows the page's own stream:
// when another operator (or the scheduler) changes the page, a page nobody is typing into reloads itself,
// and one with a half-filled form says so instead of losing the typing.
(function () {
  "use strict";
  // a page that answers a form has no version: reloading it would send the form again
  var attribute = document.body.getAttribute("data-version");
  if (!attribute || !window.EventSource) return;
  var shown = Number(attribute);
  var typing = false;
  document.addEventListener("input", function () { typing = true; });
  var source = new EventSource("/api/status/stream");
  source.onmessage = function (event) {
    var version;
    try {
      version = JSON.parse(event.data).version;
    } catch (e) {
      return;
    }
    if (typeof version !== "number" || version <= shown) return;
    shown = version;
    if (typing) {
      document.getElementById("live").hidden = false;
    } else {
      source.close();
      window.location.reload();
    }
  };
})();
