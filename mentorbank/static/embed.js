// Loader for the host page (the organisation's official site): every <iframe data-mentorbank> takes
// the height its embed page reports (postMessage from frame.js), so the tab is never cut or padded.
// Only messages from the iframe's own window and origin are accepted; nothing else is read or sent.
(function () {
  "use strict";
  if (window.mentorbankEmbed) return;
  window.mentorbankEmbed = true;
  var MAX = 200000;
  function frames() { return document.querySelectorAll("iframe[data-mentorbank]"); }
  function originOf(frame) {
    try { return new URL(frame.src, window.location.href).origin; } catch (e) { return null; }
  }
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "mentorbank:height" || typeof data.height !== "number" || !isFinite(data.height)) return;
    var list = frames();
    for (var i = 0; i < list.length; i++) {
      var frame = list[i];
      if (frame.contentWindow === event.source && originOf(frame) === event.origin) {
        frame.style.height = Math.max(0, Math.min(Math.ceil(data.height), MAX)) + "px";
        frame.style.minHeight = "0";
        frame.setAttribute("scrolling", "no");
      }
    }
  });
  // Frames may have loaded before this script: ask each for its height when it (re)loads, and now
  // if it already shows the embed page. A frame still on its initial about:blank has the host's
  // origin: a message to it would miss and make the browser log an origin error in the host's
  // console, so it is asked only after its load event.
  function loaded(frame) {
    try {
      return frame.contentWindow.location.href !== "about:blank";  // readable: same origin as the host
    } catch (e) {
      return true;  // reading a cross-origin window's address is refused: the embed page is there
    }
  }
  function ping(frame) {
    var origin = originOf(frame);
    if (frame.contentWindow && origin) frame.contentWindow.postMessage({ type: "mentorbank:ping" }, origin);
  }
  function init() {
    var list = frames();
    for (var i = 0; i < list.length; i++) {
      list[i].addEventListener("load", ping.bind(null, list[i]));
      if (list[i].contentWindow && loaded(list[i])) ping(list[i]);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
