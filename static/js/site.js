/* The header's menu. Loaded in <head> without defer: the first line marks <html> before the
 * first paint, so the stylesheet can collapse the menu on narrow screens without a jump.
 * Without JavaScript the class is never set and the menu stays a plain list of links.
 *
 * - "Menu" (narrow screens): a disclosure button, aria-expanded, Escape closes it.
 * - Groups (e.g. "Nos programmes"): the label becomes a disclosure button; on wide screens
 *   its list drops down, and Escape, a click elsewhere or Tab out of it close it.
 */
document.documentElement.classList.add("js");

(function () {
  "use strict";

  function setExpanded(button, target, expanded) {
    button.setAttribute("aria-expanded", String(expanded));
    if (target) target.hidden = !expanded;
  }

  function upgradeGroup(group) {
    const label = group.querySelector(".site-nav__group-label");
    const list = group.querySelector(".site-nav__sublist");
    if (!label || !list) return null;
    const button = document.createElement("button");
    button.type = "button";
    button.className = label.className.replace("site-nav__group-label", "site-nav__group-toggle");
    button.id = label.id;
    button.innerHTML = label.innerHTML;
    button.setAttribute("aria-controls", list.id);
    label.replaceWith(button);
    list.removeAttribute("aria-labelledby");
    setExpanded(button, list, false);
    button.addEventListener("click", function () {
      setExpanded(button, list, button.getAttribute("aria-expanded") !== "true");
    });
    group.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setExpanded(button, list, false);
        button.focus();
        event.stopPropagation();
      }
    });
    group.addEventListener("focusout", function (event) {
      if (isWide() && !group.contains(event.relatedTarget)) setExpanded(button, list, false);
    });
    return { group: group, button: button, list: list };
  }

  function isWide() {
    return window.matchMedia("(min-width: 75rem)").matches;
  }

  function init() {
    const header = document.querySelector("[data-site-header]");
    if (!header) return;
    const toggle = header.querySelector(".nav-toggle");
    const nav = header.querySelector(".site-nav");
    const groups = Array.prototype.map
      .call(header.querySelectorAll("[data-nav-group]"), upgradeGroup)
      .filter(Boolean);

    function setOpen(open) {
      header.classList.toggle("is-open", open);
      toggle.setAttribute("aria-expanded", String(open));
    }

    if (toggle && nav) {
      toggle.addEventListener("click", function () {
        setOpen(toggle.getAttribute("aria-expanded") !== "true");
      });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
          setOpen(false);
          toggle.focus();
        }
      });
    }

    document.addEventListener("click", function (event) {
      if (!isWide()) return;
      groups.forEach(function (item) {
        if (!item.group.contains(event.target)) setExpanded(item.button, item.list, false);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
