// What the portal's pages do in the browser, from data- attributes: the Content-Security-Policy allows no
// script or style written into a page, so no onclick, onsubmit or style="" either.
//   <form data-confirm="Question?">   asks before the form is sent
//     data-confirm-if="kind=official"  ... only when the form's field "kind" has the value "official"
//   <button data-print>               prints the page
//   <span data-width="40">            is drawn 40% wide (bars); data-left="60" places a mark at 60%
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
    if (question && !window.confirm(question)) event.preventDefault();
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
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", place);
  else place();
})();
