/*
 * Банк практик наставничества: «Версия для слабовидящих» (ГОСТ Р 52872-2019).
 *
 * Contract (also used by standalone embed pages, no Material there):
 *   - load this file synchronously in <head> (no defer/async) together with a11y.css,
 *     so the saved state is applied before the first paint;
 *   - state lives in localStorage["bank-a11y"] = {"size": 0..3, "contrast": true|false};
 *     missing, broken or forbidden storage (e.g. in an iframe) means the normal version;
 *   - the state is shown on <html> as data-bank-size="0".."3" and
 *     data-bank-contrast="true"|"false" (a11y.css styles by these attributes);
 *   - every element with the attribute data-bank-a11y gets the control (after DOM ready).
 * The script does not use its own URL, the network or any library.
 */
(function () {
  "use strict";

  var KEY = "bank-a11y";
  var SIZES = ["обычный", "крупный", "очень крупный", "максимальный"];
  var MAX = SIZES.length - 1;
  var root = document.documentElement;

  function normalize(value) {
    var size = value && typeof value.size === "number" ? Math.round(value.size) : 0;
    if (!(size >= 0 && size <= MAX)) size = 0;
    return { size: size, contrast: !!(value && value.contrast === true) };
  }

  function load() {
    try {
      return normalize(JSON.parse(window.localStorage.getItem(KEY)));
    } catch (e) {
      return normalize(null);
    }
  }

  function save(state) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(state));
    } catch (e) {
      /* Storage is off: the state works on this page only. */
    }
  }

  var state = load();

  function apply() {
    root.setAttribute("data-bank-size", String(state.size));
    root.setAttribute("data-bank-contrast", state.contrast ? "true" : "false");
  }

  // Material pages size their text from a larger <html> font; a11y.css needs to know.
  var generator = document.querySelector('meta[name="generator"]');
  if (generator && /mkdocs-material/.test(generator.getAttribute("content") || "")) {
    root.setAttribute("data-bank-theme", "material");
  }
  apply();

  /* ---- the control ---- */

  var controls = [];
  var counter = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var name in attrs) node.setAttribute(name, attrs[name]);
    if (text) node.appendChild(document.createTextNode(text));
    return node;
  }

  // A button with a short visible label and a fuller name for screen readers.
  function button(action, visible, hidden) {
    var b = el("button", { type: "button", "class": "bank-a11y__button", "data-bank-a11y-action": action }, visible);
    if (hidden) b.appendChild(el("span", { "class": "bank-a11y__sr" }, " " + hidden));
    return b;
  }

  function refresh(announce) {
    for (var i = 0; i < controls.length; i++) {
      var c = controls[i];
      c.smaller.setAttribute("aria-disabled", state.size === 0 ? "true" : "false");
      c.larger.setAttribute("aria-disabled", state.size === MAX ? "true" : "false");
      c.contrast.setAttribute("aria-pressed", state.contrast ? "true" : "false");
      c.reset.setAttribute("aria-disabled", state.size === 0 && !state.contrast ? "true" : "false");
      c.sizeValue.textContent = SIZES[state.size];
      if (announce) c.status.textContent = announce;
    }
  }

  function change(next, announce) {
    state = normalize(next);
    apply();
    save(state);
    refresh(announce);
    markScrollersSoon();
  }

  function onClick(event) {
    var target = event.target.closest ? event.target.closest("[data-bank-a11y-action]") : null;
    if (!target) return;
    var action = target.getAttribute("data-bank-a11y-action");
    if (action === "smaller" || action === "larger") {
      var size = Math.max(0, Math.min(MAX, state.size + (action === "larger" ? 1 : -1)));
      change({ size: size, contrast: state.contrast }, "Размер шрифта: " + SIZES[size]);
    } else if (action === "contrast") {
      change({ size: state.size, contrast: !state.contrast },
        "Высокий контраст " + (state.contrast ? "выключен" : "включён"));
    } else if (action === "reset") {
      change(null, "Обычная версия: обычный шрифт, обычные цвета");
    }
  }

  function render(slot) {
    if (slot.getAttribute("data-bank-a11y-ready")) return;
    slot.setAttribute("data-bank-a11y-ready", "true");
    var id = "bank-a11y-title-" + ++counter;
    var group = el("div", { "class": "bank-a11y", role: "group", "aria-labelledby": id });
    group.appendChild(el("span", { "class": "bank-a11y__title", id: id }, "Версия для слабовидящих"));
    var c = {
      smaller: button("smaller", "А−", "уменьшить шрифт"),
      // The current size, seen between А− and А+ and read in browse mode.
      size: el("span", { "class": "bank-a11y__size" }),
      larger: button("larger", "А+", "увеличить шрифт"),
      contrast: button("contrast", "Высокий контраст"),
      reset: button("reset", "Обычная версия"),
      // Polite live region: says what a click changed («Размер шрифта: крупный»).
      status: el("span", { "class": "bank-a11y__status", role: "status", "aria-live": "polite" })
    };
    c.size.appendChild(el("span", { "class": "bank-a11y__sr" }, "Размер шрифта: "));
    c.sizeValue = c.size.appendChild(el("span", {}));
    c.contrast.setAttribute("aria-pressed", "false");
    group.appendChild(c.smaller);
    group.appendChild(c.size);
    group.appendChild(c.larger);
    group.appendChild(c.contrast);
    group.appendChild(c.reset);
    group.appendChild(c.status);
    group.addEventListener("click", onClick);
    slot.appendChild(group);
    controls.push(c);
  }

  function renderAll() {
    var slots = document.querySelectorAll("[data-bank-a11y]");
    for (var i = 0; i < slots.length; i++) render(slots[i]);
    refresh();
  }

  /* ---- scrollable tables reachable by keyboard ---- */
  // Material wraps content tables in .md-typeset__scrollwrap, which scrolls sideways when the table
  // is wider than the page (narrow screen, large font) but cannot be focused, so keyboard users
  // could not scroll it. Make such wrappers focusable named regions while they do scroll.
  // (.bank-table-wrap regions of generated pages are focusable already; a11y.css lets them scroll.)
  function markScrollers() {
    var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.closest(".bank-table-wrap")) continue;
      var marked = box.hasAttribute("data-bank-scroll");
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!marked && !box.hasAttribute("tabindex")) {
          box.setAttribute("data-bank-scroll", "");
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", "Таблица " + (i + 1) + " (прокручивается по горизонтали)");
        }
      } else if (marked && document.activeElement !== box) {
        box.removeAttribute("data-bank-scroll");
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }
  var scrollTimer = 0;
  function markScrollersSoon() {
    window.clearTimeout(scrollTimer);
    scrollTimer = window.setTimeout(markScrollers, 100);
  }
  window.addEventListener("load", markScrollers);
  window.addEventListener("resize", markScrollersSoon);

  // Another tab changed the settings: follow it.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY || event.key === null) {
      state = load();
      apply();
      refresh();
      markScrollersSoon();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
