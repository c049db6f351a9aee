// Search page (/poisk/): a small UI of our own over the Pagefind JS API (README, «Поиск»).
// A query downloads only the index chunk of its words and the fragments of the results shown;
// the filter index (all values with counts, ≈ 200 KB at 10,000 practices) is loaded only when the
// visitor opens «Фильтры» (or comes by an address with filters). Titles and meta are inserted as text;
// of Pagefind's excerpt only the text and its <mark> highlights are kept. The query and the chosen
// filters live in the address (?q=…&form=…), so a search can be shared.
// The index is in parts (README, «Поиск»): the main bundle (Pagefind's script and wasm, and the pages that
// are not records) and the parts listed in its mentorbank-shards.json, merged with Pagefind's mergeIndex:
// one search over the whole bank, results of all parts ranked together, filter counts summed.
(function () {
  "use strict";
  // Pagefind's options, for the main bundle and every merged part alike.
  var EXCERPT = 30;
  // A filter Pagefind adds to every page of a part (mergeFilter): which part the page is in. Never shown.
  var PART = "mentorbank-part";
  var opened = {}; // bundle URL → promise of the merged index

  function strip(filters) {
    if (filters) delete filters[PART];
    return filters;
  }

  // One index over all parts, as if it were one Pagefind index. Merged, each part would answer a query word
  // by its own words only: Pagefind drops a word its index lacks (and «СОШ 26» would find pages of a part
  // without «СОШ» by «26» alone), and a word with no extension in the index falls back to the longest
  // indexed word that begins it («реверсивное» → «ре»), so a part without «реверсивное» would answer with
  // unrelated pages. So each query word is first looked up alone, and the query searches only the parts
  // that really hold every word the bank holds: a part holds a word if it has the word's stem exactly
  // ("слово") or words that begin with it (then the word finds other pages than the fallback of the word
  // with «ъъ» added, which has no extension anywhere). A query none of whose words is in the bank finds
  // nothing. The lookups load some neighbouring index chunks too (README, «Поиск»: the cost of parts);
  // results and filter counts are then those of one index over the whole bank.
  function whole(pf, merged) {
    function byPart(s) { return (s && s.filters && s.filters[PART]) || {}; }
    function partsWithEvery(words) {
      var jobs = [];
      words.forEach(function (w) { jobs.push(pf.search(w), pf.search('"' + w + '"'), pf.search(w + "ъъ")); });
      return Promise.all(jobs).then(function (done) {
        var allowed = null;
        words.forEach(function (w, i) {
          var found = byPart(done[3 * i]), exact = byPart(done[3 * i + 1]), fallback = byPart(done[3 * i + 2]);
          var real = Object.keys(found).filter(function (p) {
            return (exact[p] || 0) > 0 || (found[p] > 0 && found[p] !== (fallback[p] || 0));
          });
          if (!real.length) return; // no part holds it: ignored, as one index ignores a word it lacks
          allowed = allowed === null ? real : allowed.filter(function (p) { return real.indexOf(p) >= 0; });
        });
        // No word of the query is in the bank: nothing is found (a part's fallback word is no answer).
        return allowed === null ? [] : allowed;
      });
    }
    return {
      filters: function () { return pf.filters().then(strip); },
      search: function (term, options) {
        options = options || {};
        var words = term ? term.split(/\s+/).filter(Boolean) : [];
        var lookup = merged && words.length && !/^\s*".+"\s*$/.test(term);
        return (lookup ? partsWithEvery(words) : Promise.resolve(null)).then(function (allowed) {
          var opts = Object.assign({}, options);
          if (allowed !== null) {
            opts.filters = Object.assign({}, options.filters || {});
            opts.filters[PART] = { any: allowed.length ? allowed : ["-"] };
          }
          return pf.search(term, opts);
        }).then(function (s) {
          strip(s.filters);
          strip(s.totalFilters);
          return s;
        });
      }
    };
  }

  function openIndex(bundle) {
    if (!opened[bundle]) {
      opened[bundle] = Promise.all([
        import(bundle + "pagefind.js"),
        fetch(bundle + "mentorbank-shards.json").then(function (r) { return r.ok ? r.json() : { shards: [] }; })
      ]).then(function (got) {
        var pf = got[0], parts = got[1].shards || [];
        function options(name) {
          var filter = {};
          filter[PART] = name;
          return { excerptLength: EXCERPT, mergeFilter: filter };
        }
        return pf.options(options("main")).then(function () {
          return Promise.all(parts.map(function (part) { return pf.mergeIndex(new URL(part, bundle).href, options(part)); }));
        }).then(function () { return whole(pf, parts.length > 0); });
      });
    }
    return opened[bundle];
  }

  // The search page's index with every part merged, for other scripts (and tests): window.bankSearchIndex().
  window.bankSearchIndex = function () {
    var root = document.getElementById("bank-search");
    var bundle = (root && root.getAttribute("data-bundle")) || "../pagefind/";
    return openIndex(new URL(bundle, window.location.href).href);
  };
  var PAGE = 10;
  // Values of a group shown before «Показать все».
  var SHORT = 10;
  // Filters (address parameter → Russian name, in the order shown) and the groups open from the start:
  // mentorbank/search.py, put on this page as JSON by the build (<script id="mb-search-settings">).
  var SETTINGS = JSON.parse(document.getElementById("mb-search-settings").textContent);
  var FILTERS = {};
  SETTINGS.filters.forEach(function (pair) { FILTERS[pair[0]] = pair[1]; });
  var KEYS = SETTINGS.filters.map(function (pair) { return pair[0]; });
  var OPEN = SETTINGS.open;
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

  function records(n) { return n + " " + plural(n, "запись", "записи", "записей"); }

  // The query as the index knows it. Pagefind drops «№» from the indexed text (it is neither a letter nor
  // a digit: «СОШ № 26» is indexed as «сош», «26»; «№26» as «26» too), but keeps it in a query, where it
  // would have to start a word: «№ 26» found only pages with some «№…» word. Dropped here the same way.
  function normalise(term) {
    return term.replace(/№/g, " ").replace(/\s+/g, " ").trim();
  }

  // Pagefind's excerpt is a window of the page text around the matches, with <mark> around them: keep
  // just the text and the marks; start at a word (not at «· » or «– »), and do not end on a card label
  // whose value was cut off («… Год:»); «…» where the window cuts a sentence.
  function excerpt(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    var parts = [];
    tpl.content.childNodes.forEach(function (node) {
      parts.push({ text: node.textContent || "", mark: node.nodeName === "MARK" });
    });
    while (parts.length) {
      var rest = parts[0].text.replace(/^[^\p{L}\p{N}«„"(]+/u, "");
      if (rest) { parts[0].text = rest; break; }
      parts.shift();
    }
    var full = parts.map(function (p) { return p.text; }).join("").replace(/\s+$/, "");
    var keep = full.length;
    if (/:$/.test(full)) {
      var stop = Math.max(full.lastIndexOf(". "), full.lastIndexOf("; "));
      keep = stop > full.length / 2 ? stop + 1 : full.replace(/\s*\S+:$/, "").length;
    }
    var p = el("p", "bank-search__excerpt"), used = 0;
    if (/^\p{Ll}/u.test(full)) p.appendChild(document.createTextNode("…"));
    parts.forEach(function (part) {
      var text = part.text.slice(0, Math.max(keep - used, 0));
      used += part.text.length;
      if (!text) return;
      p.appendChild(part.mark ? el("mark", "", text) : document.createTextNode(text));
    });
    if (!/[.!?…»"]$/.test(full.slice(0, keep))) p.appendChild(document.createTextNode("…"));
    return p;
  }

  function start() {
    var root = document.getElementById("bank-search");
    if (!root) return;
    var form = root.querySelector(".bank-search__form");
    var input = root.querySelector(".bank-search__input");
    var panel = root.querySelector(".bank-search__filters");
    var chosen = root.querySelector(".bank-search__chosen");
    var groups = root.querySelector(".bank-search__groups");
    var show = root.querySelector(".bank-search__show");
    var status = root.querySelector(".bank-search__status");
    var list = root.querySelector(".bank-search__results");
    var more = root.querySelector(".bank-search__more");
    var bundle = new URL(root.getAttribute("data-bundle") || "../pagefind/", window.location.href).href;
    var pagefind = null, results = [], shown = 0, run = 0, found = 0;
    var selected = {}; // filter name → array of values
    var totals = null; // every value's count in the whole bank, once the filter index is loaded
    var filtersLoaded = null; // promise, once «Фильтры» was opened

    function api() {
      if (!pagefind) pagefind = openIndex(bundle);
      return pagefind;
    }

    // The chosen filters for Pagefind (values of a group combine with «или», groups with «и»), leaving out
    // the group ``except``; null if none.
    function activeFilters(except) {
      var out = {}, any = false;
      Object.keys(selected).forEach(function (name) {
        if (name !== except && selected[name].length) { out[name] = { any: selected[name].slice() }; any = true; }
      });
      return any ? out : null;
    }

    function chosenCount() {
      return Object.keys(selected).reduce(function (n, name) { return n + selected[name].length; }, 0);
    }

    // The address says what is shown: ?q=…&form=…&form=…&year=… (history.replaceState, no new entry).
    function saveState(raw) {
      var url = new URL(window.location.href);
      url.searchParams.delete("q");
      KEYS.forEach(function (key) { url.searchParams.delete(key); });
      if (raw) url.searchParams.set("q", raw);
      KEYS.forEach(function (key) {
        (selected[FILTERS[key]] || []).forEach(function (value) { url.searchParams.append(key, value); });
      });
      if (url.href !== window.location.href) window.history.replaceState(null, "", url);
    }

    function loadState() {
      var params = new URLSearchParams(window.location.search);
      input.value = params.get("q") || "";
      KEYS.forEach(function (key) {
        var values = params.getAll(key).filter(Boolean);
        if (values.length) selected[FILTERS[key]] = values;
      });
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

    // The summary line and the button under the filters (on a narrow screen the results are below them).
    function updateChosen() {
      var n = chosenCount();
      chosen.textContent = n ? " (выбрано: " + n + ")" : "";
      show.textContent = found ? "Показать " + records(found) : "Показать результаты";
    }

    // ``counts``: filter name → value → how many results ticking that value gives (with the query and
    // the other groups' filters). Values with none are hidden unless ticked; long groups show SHORT
    // values until «Показать все».
    function updateCounts(counts) {
      if (!counts) return;
      groups.querySelectorAll(".bank-search__group").forEach(function (group) {
        var name = group.getAttribute("data-filter");
        var visible = 0;
        group.querySelectorAll("input[type=checkbox]").forEach(function (box) {
          var n = (counts[name] || {})[box.value] || 0;
          var label = box.parentNode;
          label.querySelector(".bank-search__count").textContent = "(" + n + ")";
          label.hidden = !n && !box.checked;
          if (!label.hidden) visible += 1;
          label.classList.toggle("bank-search__value--more", !label.hidden && visible > SHORT);
        });
        group.hidden = !visible;
        var all = group.querySelector(".bank-search__all");
        all.hidden = visible <= SHORT;
        all.textContent = group.classList.contains("bank-search__group--all") ? "Свернуть список"
          : "Показать все (" + visible + ")";
      });
    }

    function search() {
      var raw = input.value.trim();
      var term = normalise(raw);
      var filters = activeFilters();
      var mine = ++run;
      saveState(raw);
      list.textContent = "";
      more.hidden = true;
      results = [];
      shown = 0;
      found = 0;
      updateChosen();
      if (!term && !filters) {
        status.textContent = "";
        list.removeAttribute("aria-busy");
        updateCounts(totals);
        return Promise.resolve();
      }
      status.textContent = "Ищем…";
      list.setAttribute("aria-busy", "true");
      return api().then(function (pf) {
        var jobs = [pf.search(term || null, filters ? { filters: filters } : {})];
        // Pagefind counts a value within the current results, i.e. together with the values already
        // ticked in its own group; ticking it adds those without them too. A group with ticked values
        // gets its counts from a search without that group's filter.
        var names = totals ? Object.keys(filters || {}) : [];
        names.forEach(function (name) {
          var others = activeFilters(name);
          jobs.push(term || others ? pf.search(term || null, others ? { filters: others } : {})
            : Promise.resolve({ filters: totals }));
        });
        return Promise.all(jobs).then(function (done) {
          if (mine !== run) return;
          var s = done[0];
          if (!s) return;
          results = s.results;
          found = results.length;
          status.textContent = found ? "Найдено: " + records(found) + "."
            : "Ничего не найдено. Попробуйте другие слова или снимите фильтры.";
          updateChosen();
          if (totals) {
            var counts = {};
            Object.keys(totals).forEach(function (name) { counts[name] = (s.filters || {})[name] || {}; });
            names.forEach(function (name, i) { counts[name] = (done[i + 1].filters || {})[name] || {}; });
            updateCounts(counts);
          }
          return showMore(mine);
        });
      }).catch(function () {
        if (mine === run) status.textContent = "Поиск не удался. Обновите страницу и попробуйте ещё раз.";
      }).then(function () {
        if (mine === run) list.removeAttribute("aria-busy");
      });
    }

    function renderFilters(all) {
      groups.textContent = "";
      var names = KEYS.map(function (k) { return FILTERS[k]; }).filter(function (n) { return all[n]; })
        .concat(Object.keys(all).filter(function (n) { return KEYS.every(function (k) { return FILTERS[k] !== n; }); }));
      names.forEach(function (name) {
        // A value from a shared address that the index does not have is still shown, to be unticked.
        var values = Object.keys(all[name]).concat((selected[name] || []).filter(function (v) {
          return !(v in all[name]);
        }));
        if (!values.length) return;
        values.sort(name === "Год" ? function (a, b) { return b.localeCompare(a); }
          : function (a, b) { return a.localeCompare(b, "ru"); });
        var group = el("details", "bank-search__group");
        group.setAttribute("data-filter", name);
        if (OPEN.indexOf(name) >= 0 || (selected[name] || []).length) group.open = true;
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
            var chosenValues = selected[name] = (selected[name] || []).filter(function (v) { return v !== value; });
            if (check.checked) chosenValues.push(value);
            search();
          });
          label.appendChild(check);
          var text = el("span", "bank-search__name", value + " ");
          text.appendChild(el("span", "bank-search__count", "(" + (all[name][value] || 0) + ")"));
          label.appendChild(text);
          box.appendChild(label);
        });
        group.appendChild(box);
        var toggle = el("button", "bank-search__all");
        toggle.type = "button";
        toggle.addEventListener("click", function () {
          group.classList.toggle("bank-search__group--all");
          toggle.textContent = group.classList.contains("bank-search__group--all") ? "Свернуть список"
            : "Показать все (" + box.querySelectorAll(".bank-search__value:not([hidden])").length + ")";
        });
        group.appendChild(toggle);
        groups.appendChild(group);
      });
      updateCounts(all);
    }

    function loadFilters() {
      if (filtersLoaded) return filtersLoaded;
      groups.textContent = "Загружаем фильтры…";
      filtersLoaded = api().then(function (pf) { return pf.filters(); }).then(function (all) {
        totals = all;
        renderFilters(all);
        root.setAttribute("data-filters-loaded", "");
        return search();
      }).catch(function () {
        filtersLoaded = null;
        groups.textContent = "Фильтры не загрузились. Закройте и откройте «Фильтры» ещё раз.";
      });
      return filtersLoaded;
    }

    panel.addEventListener("toggle", function () { if (panel.open) loadFilters(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      search();
    });
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 400);
    });
    more.addEventListener("click", function () { showMore(run); });
    // Under the filters on a narrow screen: fold them and go to the results.
    show.addEventListener("click", function () {
      panel.open = false;
      var first = list.querySelector(".bank-search__result-link");
      (first || status).focus({ preventScroll: true });
      status.scrollIntoView({ block: "start" });
    });

    loadState();
    updateChosen();
    if (chosenCount()) {
      panel.open = true; // the chosen filters are seen (and loaded); the toggle event runs the search
      loadFilters();
    } else if (input.value.trim()) {
      search();
    }
    if (panel.open) loadFilters();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
