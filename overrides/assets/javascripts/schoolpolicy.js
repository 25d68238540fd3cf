/* Keyboard access to the menu on small screens: Material draws its menu
   buttons as <label>s, which a keyboard cannot reach. */
(function () {
  "use strict";
  var small = window.matchMedia("(max-width: 76.234375em)");
  var drawer = document.getElementById("__drawer");
  var menuButton = document.querySelector('.md-header label[for="__drawer"]');

  function firstStop(container) {
    return container && container.querySelector("a[href]");
  }

  /* At once, not after a timer: a Tab pressed straight after Enter then goes on from the panel's first
     link (a browser handles key presses before timers, so a deferred focus could land after the Tab and
     skip that link). The panel is focusable at once: it is hidden only while its toggle is unchecked.
     preventScroll: a panel still sliding in must not be scrolled sideways out of view. */
  function focusNow(element) {
    if (element) { element.focus({ preventScroll: true }); }
  }

  function onActivate(label, after) {
    label.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") { return; }
      if (label.getAttribute("role") !== "button") { return; }
      event.preventDefault();
      event.stopPropagation();  /* Material would click the label a second time on Enter */
      label.click();
      after();
    });
  }

  function setButton(label, on, name) {
    if (on) {
      label.setAttribute("tabindex", "0");
      label.setAttribute("role", "button");
      if (name) { label.setAttribute("aria-label", name); }
    } else {
      label.removeAttribute("tabindex");
      label.removeAttribute("role");
    }
  }

  /* Section buttons ("Parents and carers") open a panel; its title goes back. */
  var openers = document.querySelectorAll('.md-nav--primary label.md-nav__link[for]');
  var backs = document.querySelectorAll('.md-nav--primary .md-nav label.md-nav__title[for]');

  function update() {
    openers.forEach(function (label) { setButton(label, small.matches); });
    backs.forEach(function (label) { setButton(label, small.matches, "Back from " + label.textContent.trim()); });
  }

  openers.forEach(function (label) {
    onActivate(label, function () {
      var panel = document.querySelector('[aria-labelledby="' + label.id + '"]') || label.parentElement.querySelector(".md-nav");
      focusNow(firstStop(panel));
    });
  });
  backs.forEach(function (label) {
    onActivate(label, function () {
      focusNow(document.querySelector('label.md-nav__link[for="' + label.htmlFor + '"]'));
    });
  });

  if (menuButton && drawer) {
    setButton(menuButton, true, "Menu");
    menuButton.setAttribute("aria-expanded", String(drawer.checked));
    drawer.addEventListener("change", function () {
      menuButton.setAttribute("aria-expanded", String(drawer.checked));
    });
    onActivate(menuButton, function () {
      if (drawer.checked) { focusNow(firstStop(document.querySelector(".md-sidebar--primary .md-nav--primary"))); }
    });
    /* Tabbing out of the open menu closes it, so it never hides the focused link. */
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (sidebar) {
      sidebar.addEventListener("focusout", function (event) {
        var next = event.relatedTarget;
        if (drawer.checked && small.matches && next && !sidebar.contains(next) && next !== menuButton) {
          drawer.checked = false;
          drawer.dispatchEvent(new Event("change"));
        }
      });
    }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked && small.matches) {
        menuButton.click();
        menuButton.focus();
      }
    });
  }

  update();
  small.addEventListener("change", update);
})();
