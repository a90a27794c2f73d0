// What the portal's pages do in the browser, from data- attributes: the Content-Security-Policy allows no
// script or style written into a page, so no onclick, onsubmit or style="" either.
//   <form data-confirm="Question?">   asks before the form is sent
//     data-confirm-if="kind=official"  ... only when the form's field "kind" has the value "official"
//   <form data-once>                 is sent once: a second tap while the page loads sends nothing
//   <button data-print>               prints the page
//   <span data-width="40">            is drawn 40% wide (bars); data-left="60" places a mark at 60%
//   .main-nav .menu-toggle           folds the main menu on a phone; .tabs scroll to the current tab
// window.portal.place() draws the data-width and data-left of the page again (after a live update).
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    var condition = form.getAttribute("data-confirm-if");
    if (question && condition) {
      var pair = condition.split("=");
      var field = form.elements.namedItem(pair[0]);
      if (!field || field.value !== pair[1]) question = null;
    }
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form.hasAttribute("data-once")) {
      if (form.classList.contains("sending")) event.preventDefault();
      else form.classList.add("sending");
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  function place() {
    document.querySelectorAll("[data-width]").forEach(function (element) {
      element.style.width = element.getAttribute("data-width") + "%";
    });
    document.querySelectorAll("[data-left]").forEach(function (element) {
      element.style.left = element.getAttribute("data-left") + "%";
    });
  }
  // live.js calls it again after it replaces part of a page.
  window.portal = window.portal || {};
  window.portal.place = place;

  // On a phone the main menu folds behind its "Menu" button; the button is only shown once this runs.
  function foldMenu() {
    var nav = document.querySelector(".main-nav");
    var toggle = nav && nav.querySelector(".menu-toggle");
    if (!toggle) return;
    nav.classList.add("foldable");
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // A row of tabs wider than the screen scrolls sideways: bring the page's own tab into view.
  function showCurrentTab() {
    document.querySelectorAll(".tabs").forEach(function (bar) {
      var tab = bar.querySelector('[aria-current="page"]');
      if (!tab || bar.scrollWidth <= bar.clientWidth) return;
      var offset = tab.getBoundingClientRect().left - bar.getBoundingClientRect().left;
      bar.scrollLeft += offset - (bar.clientWidth - tab.offsetWidth) / 2;
    });
  }

  function ready() {
    place();
    foldMenu();
    showCurrentTab();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
