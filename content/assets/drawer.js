/*
 * Банк практик наставничества: Material's navigation drawer by keyboard (ГОСТ Р 52872-2019, 2.1.1, 2.4.3, 2.4.7).
 * The menu button (overrides/partials/header.html: the label of the #__drawer checkbox, tabindex="0",
 * role="button") opens and closes the drawer with Enter or Space and tells its state (aria-expanded);
 * opened by keyboard, the drawer takes the focus; Escape closes it and gives the focus back to the button.
 * Labels of the drawer's sections (Material's own tabindex="0" labels and the «back» titles of nested
 * sections) work with Space as well as Enter. While closed, the drawer's links take no focus (bank.css,
 * «Меню на узких экранах»).
 */
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector(".bank-menu-button");
  if (!toggle || !button) return;
  var drawer = document.querySelector(".md-sidebar--primary");

  function sync() { button.setAttribute("aria-expanded", toggle.checked ? "true" : "false"); }

  function firstLink() {
    if (!drawer) return null;
    var all = drawer.querySelectorAll("a[href], label[tabindex]");
    for (var i = 0; i < all.length; i++) {
      if (getComputedStyle(all[i]).visibility === "visible" && all[i].getClientRects().length) return all[i];
    }
    return null;
  }

  function setOpen(open, byKeyboard) {
    if (toggle.checked !== open) toggle.click(); // Material listens to the checkbox's change event
    sync();
    if (!byKeyboard) return;
    if (open) {
      var target = firstLink();
      if (target) target.focus();
    } else {
      button.focus();
    }
  }

  // The «back» titles of nested sections in the drawer are labels without a tab stop: give them one.
  if (drawer) {
    drawer.querySelectorAll('label.md-nav__title[for^="__nav"]').forEach(function (label) {
      label.setAttribute("tabindex", "0");
      label.setAttribute("role", "button");
      label.setAttribute("aria-label", "Назад, к разделу выше: " + label.textContent.trim());
    });
  }

  toggle.addEventListener("change", sync);
  sync();

  button.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === " " || event.key === "Spacebar") {
      event.preventDefault();
      event.stopPropagation(); // Material clicks a focused label on Enter: the drawer would toggle twice
      setOpen(!toggle.checked, true);
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      setOpen(false, true);
      return;
    }
    var target = event.target;
    if ((event.key === " " || event.key === "Spacebar") && target instanceof HTMLLabelElement &&
        target !== button && target.hasAttribute("tabindex") && drawer && drawer.contains(target)) {
      event.preventDefault();
      target.click();
    }
  });
})();
