// Search page (/poisk/): a small UI of our own over the Pagefind JS API (README, «Поиск»).
// A query downloads only the index chunk of its words and the fragments of the results shown;
// the filter index (all values with counts, ≈ 200 KB at 10,000 practices) is loaded only when the
// visitor opens «Фильтры». Titles and meta are inserted as text; of Pagefind's excerpt only the text
// and its <mark> highlights are kept.
(function () {
  "use strict";
  var PAGE = 10;
  // Filter names as in mentorbank/pages.py FILTERS, in the order shown; «open» ones start unfolded.
  var ORDER = ["Тип записи", "Форма наставничества", "Аудитория", "Уровень", "Регион", "Год", "Организация"];
  var OPEN = ["Тип записи", "Форма наставничества"];
  var META = ["Тип", "Организация", "Год"];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function plural(n, one, few, many) {
    var m10 = n % 10, m100 = n % 100;
    if (m10 === 1 && m100 !== 11) return one;
    if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
    return many;
  }

  // Pagefind's excerpt is escaped page text with <mark> around the matched words: keep just that.
  function excerpt(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    var p = el("p", "bank-search__excerpt");
    tpl.content.childNodes.forEach(function (node) {
      if (node.nodeType === 3) p.appendChild(document.createTextNode(node.textContent));
      else if (node.nodeName === "MARK") p.appendChild(el("mark", "", node.textContent));
      else p.appendChild(document.createTextNode(node.textContent || ""));
    });
    return p;
  }

  function start() {
    var root = document.getElementById("bank-search");
    if (!root) return;
    var form = root.querySelector(".bank-search__form");
    var input = root.querySelector(".bank-search__input");
    var panel = root.querySelector(".bank-search__filters");
    var groups = root.querySelector(".bank-search__groups");
    var status = root.querySelector(".bank-search__status");
    var list = root.querySelector(".bank-search__results");
    var more = root.querySelector(".bank-search__more");
    var bundle = new URL(root.getAttribute("data-bundle") || "../pagefind/", window.location.href).href;
    var pagefind = null, results = [], shown = 0, run = 0;
    var selected = {}; // filter name → array of values
    var filtersLoaded = null; // promise, once «Фильтры» was opened

    function api() {
      if (!pagefind) {
        pagefind = import(bundle + "pagefind.js").then(function (pf) {
          return pf.options({ excerptLength: 30 }).then(function () { return pf; });
        });
      }
      return pagefind;
    }

    function activeFilters() {
      var out = {}, any = false;
      Object.keys(selected).forEach(function (name) {
        if (selected[name].length) { out[name] = { any: selected[name].slice() }; any = true; }
      });
      return any ? out : null;
    }

    function renderResult(data) {
      var li = el("li", "bank-search__result");
      var h = el("h2", "bank-search__result-title");
      var a = el("a", "bank-search__result-link", (data.meta && data.meta.title) || data.url);
      a.href = data.url;
      h.appendChild(a);
      li.appendChild(h);
      var meta = META.map(function (k) { return data.meta && data.meta[k]; }).filter(Boolean);
      if (meta.length) li.appendChild(el("p", "bank-search__meta", meta.join(" · ")));
      if (data.excerpt) li.appendChild(excerpt(data.excerpt));
      return li;
    }

    function showMore(mine) {
      var next = results.slice(shown, shown + PAGE);
      shown += next.length;
      more.hidden = true;
      return Promise.all(next.map(function (r) { return r.data(); })).then(function (items) {
        if (mine !== run) return;
        items.forEach(function (d) { list.appendChild(renderResult(d)); });
        more.hidden = shown >= results.length;
      });
    }

    function updateCounts(search) {
      if (!search || !search.filters) return;
      groups.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        var counts = search.filters[box.getAttribute("data-filter")] || {};
        var n = counts[box.value] || 0;
        var label = box.parentNode.querySelector(".bank-search__count");
        if (label) label.textContent = "(" + n + ")";
      });
    }

    function search() {
      var term = input.value.trim();
      var filters = activeFilters();
      var mine = ++run;
      list.textContent = "";
      more.hidden = true;
      results = [];
      shown = 0;
      if (!term && !filters) { status.textContent = ""; return Promise.resolve(); }
      status.textContent = "Ищем…";
      return api().then(function (pf) {
        return pf.search(term || null, filters ? { filters: filters } : {});
      }).then(function (s) {
        if (mine !== run) return;
        if (!s) return;
        results = s.results;
        var n = results.length;
        status.textContent = n ? "Найдено: " + n + " " + plural(n, "запись", "записи", "записей") + "."
          : "Ничего не найдено. Попробуйте другие слова или снимите фильтры.";
        updateCounts(s);
        return showMore(mine);
      }).catch(function () {
        if (mine === run) status.textContent = "Поиск не удался. Обновите страницу и попробуйте ещё раз.";
      });
    }

    function renderFilters(all) {
      groups.textContent = "";
      var names = ORDER.filter(function (n) { return all[n]; })
        .concat(Object.keys(all).filter(function (n) { return ORDER.indexOf(n) < 0; }));
      names.forEach(function (name) {
        var values = Object.keys(all[name]);
        if (!values.length) return;
        values.sort(name === "Год" ? function (a, b) { return b.localeCompare(a); }
          : function (a, b) { return a.localeCompare(b, "ru"); });
        var group = el("details", "bank-search__group");
        if (OPEN.indexOf(name) >= 0) group.open = true;
        group.appendChild(el("summary", "", name));
        var box = el("fieldset", "bank-search__values");
        box.appendChild(el("legend", "bank-sr-only", name));
        values.forEach(function (value) {
          var label = el("label", "bank-search__value");
          var check = document.createElement("input");
          check.type = "checkbox";
          check.value = value;
          check.setAttribute("data-filter", name);
          check.checked = (selected[name] || []).indexOf(value) >= 0;
          check.addEventListener("change", function () {
            var list = selected[name] = (selected[name] || []).filter(function (v) { return v !== value; });
            if (check.checked) list.push(value);
            search();
          });
          label.appendChild(check);
          label.appendChild(document.createTextNode(" " + value + " "));
          label.appendChild(el("span", "bank-search__count", "(" + all[name][value] + ")"));
          box.appendChild(label);
        });
        group.appendChild(box);
        groups.appendChild(group);
      });
    }

    function loadFilters() {
      if (filtersLoaded) return filtersLoaded;
      groups.textContent = "Загружаем фильтры…";
      filtersLoaded = api().then(function (pf) { return pf.filters(); }).then(function (all) {
        renderFilters(all);
        root.setAttribute("data-filters-loaded", "");
        if (input.value.trim()) return search();
      }).catch(function () {
        filtersLoaded = null;
        groups.textContent = "Фильтры не загрузились. Закройте и откройте «Фильтры» ещё раз.";
      });
      return filtersLoaded;
    }

    panel.addEventListener("toggle", function () { if (panel.open) loadFilters(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = new URL(window.location.href);
      if (input.value.trim()) url.searchParams.set("q", input.value.trim());
      else url.searchParams.delete("q");
      window.history.replaceState(null, "", url);
      search();
    });
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 400);
    });
    more.addEventListener("click", function () { showMore(run); });

    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; search(); }
    if (panel.open) loadFilters();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
