// Pagefind UI on the search page: Russian UI (from <html lang="ru">), filters; result meta
// (Тип, Организация, Год) are shown by Pagefind UI itself as escaped tags.
(function () {
  "use strict";
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
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) ui.triggerSearch(q);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
