/* Keyboard and screen-reader fixes on top of Material for MkDocs 9.8.2.

   1. The menu button that opens the navigation drawer on smaller screens is a <label>,
      which a keyboard cannot reach. Put a real button in its place: named, saying whether
      the drawer is open, moving focus into the drawer when opened from the keyboard, and
      closed again with Escape. guide.css hides the closed drawer so Tab skips it.
   2. A table too wide for the screen scrolls sideways inside Material's wrapper. Make each
      such wrapper a named region that keyboard users can focus and scroll (WCAG 2.1.1).
   3. Material puts each code block's copy button in an unnamed <nav>: name each one.
   4. Outside the search page the search box is a plain form (overrides/partials/search.html),
      which Material's scripts do not open: on a phone it stays folded away. Open it when it
      takes focus, and fold it again when Tab moves focus elsewhere. */
(function () {
  "use strict";

  function drawer() {
    var toggle = document.getElementById("__drawer");
    var label = document.querySelector('.md-header label[for="__drawer"]');
    var sidebar = document.querySelector(".md-sidebar--primary");
    if (!toggle || !label || !sidebar) return;

    // A real button in place of the label (a label cannot take the button role).
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-header__button md-icon guide-menu-button";
    button.setAttribute("aria-label", "Menu");
    button.innerHTML = label.innerHTML;
    label.parentNode.insertBefore(button, label);
    label.classList.add("guide-menu-label");

    var sync = function () {
      button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    };
    sync();
    toggle.addEventListener("change", sync);
    button.addEventListener("click", function (event) {
      toggle.click();
      // Opened from the keyboard (a click with no pointer): move focus into the drawer,
      // to its first control a reader can see.
      if (toggle.checked && event.detail === 0) {
        window.requestAnimationFrame(function () {
          var first = Array.prototype.find.call(
            sidebar.querySelectorAll("a[href], label[tabindex='0'], input:not([type='hidden'])"),
            visible
          );
          if (first) first.focus();
        });
      }
    });
    // Tabbing out of the open drawer closes it: the page behind is covered while it is open.
    sidebar.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (toggle.checked && next && !sidebar.contains(next) && next !== button) toggle.click();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        toggle.click();
        button.focus();
      }
    });
  }

  function visible(el) {
    return el.getClientRects().length > 0 && getComputedStyle(el).visibility === "visible";
  }

  function drawerPanels() {
    // In the drawer, a section's pages are a panel whose title (with a back arrow) is a
    // <label> that closes it. Let keyboard users reach it too. Enter and Space are handled
    // here, before Material's own handler for labels, so the panel closes only once.
    var titles = document.querySelectorAll('.md-nav--primary .md-nav .md-nav__title[for^="__nav"]');
    Array.prototype.forEach.call(titles, function (title) {
      var toggle = document.getElementById(title.htmlFor);
      if (!toggle) return;
      title.setAttribute("tabindex", "0");
      title.setAttribute("aria-label", "Back from " + title.textContent.trim());
      title.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        event.stopPropagation();
        title.click();
        // Focus the section's own entry in the list the panel slid back to.
        window.requestAnimationFrame(function () {
          var entry = toggle.parentElement.querySelector(".md-nav__link a, a.md-nav__link, label.md-nav__link");
          if (entry) entry.focus();
        });
      });
    });
  }

  function codeNavigation() {
    // Material wraps each code block's copy button in an unnamed <nav>; with two code
    // blocks on a page, screen readers list identical, unnamed navigation regions.
    Array.prototype.forEach.call(document.querySelectorAll(".md-code__nav:not([aria-label])"), function (nav, index) {
      nav.setAttribute("aria-label", "Code block " + (index + 1));
    });
  }

  function label(wrapper) {
    var table = wrapper.querySelector("table");
    var caption = table && table.querySelector("caption");
    if (caption) return caption.textContent.trim();
    var heading = null;
    for (var node = wrapper; node && !heading; node = node.previousElementSibling) {
      if (/^H[2-6]$/.test(node.tagName)) heading = node;
    }
    var text = heading ? heading.textContent.replace(/\u00b6/g, "").trim() : "";
    return text ? "Table: " + text : "Table";
  }

  function scrollRegions() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrapper) {
      if (wrapper.scrollWidth > wrapper.clientWidth + 1) {
        wrapper.setAttribute("tabindex", "0");
        wrapper.setAttribute("role", "region");
        wrapper.setAttribute("aria-label", label(wrapper));
      } else if (wrapper.getAttribute("role") === "region") {
        wrapper.removeAttribute("tabindex");
        wrapper.removeAttribute("role");
        wrapper.removeAttribute("aria-label");
      }
    });
  }

  function searchBox() {
    var toggle = document.getElementById("__search");
    var form = document.querySelector("form.guide-search");
    if (!toggle || !form) return;
    var show = function (open) {
      if (toggle.checked === open) return;
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
    };
    form.addEventListener("focusin", function () {
      show(true);
    });
    // Only when focus goes to another control: a tap on the box's back arrow (a label,
    // which takes no focus) folds it through the label itself.
    form.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !form.contains(event.relatedTarget)) show(false);
    });
  }

  var pending = 0;
  function later() {
    window.cancelAnimationFrame(pending);
    pending = window.requestAnimationFrame(function () {
      scrollRegions();
      codeNavigation();
    });
  }

  drawer();
  drawerPanels();
  searchBox();
  // Material wraps tables once its bundle has run; look again when the page has loaded,
  // and whenever the window changes size.
  later();
  window.addEventListener("load", later);
  window.addEventListener("resize", later);
})();
