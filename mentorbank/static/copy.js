// «Копировать» buttons of the tab page's embedding instructions (progressive enhancement): without
// scripts the code stays in the page, selectable; with them a button copies it to the clipboard and
// a polite live region next to it says what happened. No network, no library.
(function () {
  "use strict";
  function selectText(node) {
    if (node.select) { node.focus(); node.select(); return; }
    var range = document.createRange();
    range.selectNodeContents(node);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }
  function setup(button) {
    var source = document.getElementById(button.getAttribute("data-mb-copy"));
    var status = document.getElementById(button.getAttribute("data-mb-copy-status"));
    if (!source || !status) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = source.value !== undefined ? source.value : source.textContent;
      status.textContent = "";
      function failed() {
        selectText(source);
        status.textContent = "Не удалось скопировать автоматически: код выделен, нажмите Ctrl+C.";
      }
      if (!navigator.clipboard || !navigator.clipboard.writeText) { failed(); return; }
      navigator.clipboard.writeText(text).then(function () {
        status.textContent = "Скопировано";
      }, failed);
    });
  }
  function init() {
    var buttons = document.querySelectorAll("button[data-mb-copy]");
    for (var i = 0; i < buttons.length; i++) setup(buttons[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
