// Embed page side of the iframe embedding: tells the host page the height of this document, on load,
// whenever it changes (fonts, font-size switch, narrower viewport) and when the host's loader asks.
// Sends only a number; the host's loader (embed.js) checks that the message comes from its own iframe.
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = -1;
  function height() {
    return Math.ceil(document.documentElement.getBoundingClientRect().height);
  }
  function send(force) {
    var h = height();
    if (h === last && !force) return;
    last = h;
    window.parent.postMessage({ type: "mentorbank:height", height: h }, "*");
  }
  window.addEventListener("message", function (event) {
    if (event.source === window.parent && event.data && event.data.type === "mentorbank:ping") send(true);
  });
  window.addEventListener("load", function () { send(true); });
  window.addEventListener("resize", function () { send(false); });
  if (window.ResizeObserver) new ResizeObserver(function () { send(false); }).observe(document.documentElement);
  send(true);
})();
