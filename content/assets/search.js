// Pagefind UI on the search page: Russian UI (from <html lang="ru">), filters; result meta
// (Тип, Организация, Год) are shown by Pagefind UI itself as escaped tags.
(function () {
  "use strict";
  // Pagefind UI names its input only by title/placeholder: give it a visible label.
  function labelInput(root) {
    var input = root.querySelector(".pagefind-ui__search-input");
    if (!input || input.id) return;
    input.id = "bank-search-input";
    var label = document.createElement("label");
    label.className = "bank-search__label";
    label.setAttribute("for", input.id);
    label.textContent = "Что найти";
    var form = input.closest("form") || input;
    form.parentNode.insertBefore(label, form);
  }
  function start() {
    var root = document.getElementById("bank-search");
    if (!root || typeof PagefindUI === "undefined") return;
    var ui = new PagefindUI({
      element: "#bank-search",
      bundlePath: root.getAttribute("data-bundle"),
      showImages: false,
      showSubResults: false,
      pageSize: 10,
      openFilters: ["Тип записи", "Форма наставничества"]
    });
    labelInput(root);
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) ui.triggerSearch(q);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
