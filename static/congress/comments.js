// Comment on a paragraph: tap a paragraph of the draft and the comment form opens right under it.
// Without this script the same form sits below the document with a list of paragraphs to choose from.
(function () {
  "use strict";
  var form = document.getElementById("comment-form");
  var paper = document.querySelector(".paper");
  if (!paper) return;

  var commented = JSON.parse((document.getElementById("commented-paragraphs") || {}).textContent || "[]");
  commented.forEach(function (id) {
    var p = document.getElementById(id);
    if (p) p.classList.add("has-comment");
  });
  if (!form) return;

  var select = form.querySelector("select[name=paragraph]");
  var quote = form.querySelector(".quote");
  var home = form.parentNode;
  var homeNext = form.nextSibling;
  var selected = null;

  function open(paragraph) {
    if (selected) selected.classList.remove("is-selected");
    selected = paragraph;
    paragraph.classList.add("is-selected");
    select.value = paragraph.dataset.paragraph;
    quote.textContent = "“" + paragraph.textContent.trim().slice(0, 220) + (paragraph.textContent.length > 220 ? "…”" : "”");
    quote.hidden = false;
    form.querySelector(".choose-paragraph").hidden = true;
    paragraph.parentNode.insertBefore(form, paragraph.nextSibling);
    form.classList.add("comment-box");
    var textarea = form.querySelector("textarea");
    textarea.focus({ preventScroll: true });
    form.scrollIntoView({ behavior: "smooth", block: "nearest" });
  }

  function close() {
    if (selected) selected.classList.remove("is-selected");
    selected = null;
    select.value = "";
    quote.hidden = true;
    form.querySelector(".choose-paragraph").hidden = false;
    home.insertBefore(form, homeNext);
  }

  paper.addEventListener("click", function (event) {
    if (form.contains(event.target)) return;
    var paragraph = event.target.closest(".doc-p[data-paragraph]");
    if (paragraph && select.querySelector('option[value="' + paragraph.dataset.paragraph + '"]')) open(paragraph);
  });
  var cancel = form.querySelector("[data-cancel]");
  if (cancel) cancel.addEventListener("click", function (event) { event.preventDefault(); close(); });

  // A link to "?doan=<id>" or a form sent back with an error reopens the form at its paragraph.
  if (select.value) {
    var target = document.getElementById(select.value);
    if (target) open(target);
  }
})();
