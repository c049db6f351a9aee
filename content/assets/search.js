// Pagefind UI on the search page: Russian UI, filters, result meta (type · organization · year).
(function () {
  "use strict";
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function start() {
    var root = document.getElementById("bank-search");
    if (!root || typeof PagefindUI === "undefined") return;
    var ui = new PagefindUI({
      element: "#bank-search",
      bundlePath: root.getAttribute("data-bundle"),
      showImages: false,
      showSubResults: false,
      resetStyles: false,
      pageSize: 10,
      openFilters: ["Тип записи", "Форма наставничества"],
      processResult: function (result) {
        var m = result.meta || {};
        var parts = [m.type, m.organization, m.year].filter(Boolean).map(escapeHtml);
        if (parts.length) {
          // Meta values are contributor text: escaped above, the excerpt is Pagefind's own HTML.
          result.excerpt = '<span class="bank-search__meta">' + parts.join(" · ") + "</span><br>" + result.excerpt;
        }
        return result;
      }
    });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) ui.triggerSearch(q);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
