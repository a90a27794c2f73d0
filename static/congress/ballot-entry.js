// Ballot entry: the numbers typed as crossed out and the grid of names stay in step, and the status says
// whether the ballot is valid. Its texts come from the status element's data- attributes, in the page's
// language. A fresh ballot starts neutral: nothing is judged until something is typed or ticked.
(function () {
  "use strict";
  var form = document.getElementById("ballot-form");
  if (!form) return;
  var seats = parseInt(form.dataset.seats, 10);
  var crossed = form.querySelector("input[name=crossed]");
  var spoiled = form.querySelector("input[name=spoiled]");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=kept]"));
  var status = document.getElementById("ballot-status");
  var TEXTS = {
    spoiled: status.dataset.spoiled,
    blank: status.dataset.blank,
    tooMany: status.dataset.tooMany,
    valid: status.dataset.valid,
    start: status.dataset.start
  };
  // A ballot sent back by the server (with numbers or marked spoiled) is judged at once.
  var touched = Boolean(crossed.value.trim()) || spoiled.checked;
  function parse(text) {
    var all = new Set(boxes.map(function (b) { return parseInt(b.value, 10); }));
    if (text.trim() === "*") return all;
    var found = new Set();
    text.replace(/\s*[-–]\s*/g, "-").split(/[,;\s]+/).forEach(function (part) {
      var m = part.match(/^(\d+)(?:-(\d+))?$/);
      if (!m) return;
      var first = parseInt(m[1], 10), last = parseInt(m[2] || m[1], 10);
      for (var n = first; n <= last && n - first < 1000; n++) found.add(n);
    });
    return found;
  }
  function mark(box) { box.closest("label").classList.toggle("crossed", !box.checked); }
  function update() {
    if (!touched) {
      status.textContent = TEXTS.start;
      status.classList.remove("bad");
      return;
    }
    var kept = boxes.filter(function (b) { return b.checked; }).length;
    var text, bad = true;
    if (spoiled.checked) text = TEXTS.spoiled;
    else if (!kept) text = TEXTS.blank;
    else if (kept > seats) text = TEXTS.tooMany.replace("%(kept)s", kept).replace("%(seats)s", seats);
    else { text = TEXTS.valid.replace("%(kept)s", kept).replace("%(seats)s", seats); bad = false; }
    status.textContent = text;
    status.classList.toggle("bad", bad);
  }
  function fromText() {
    var out = parse(crossed.value);
    boxes.forEach(function (b) { b.checked = !out.has(parseInt(b.value, 10)); mark(b); });
    update();
  }
  function fromBoxes() {
    crossed.value = boxes.filter(function (b) { return !b.checked; }).map(function (b) { return b.value; }).join(" ");
    boxes.forEach(mark);
    update();
  }
  function touch(then) { return function () { touched = true; then(); }; }
  crossed.addEventListener("input", touch(fromText));
  boxes.forEach(function (b) { b.addEventListener("change", touch(fromBoxes)); });
  spoiled.addEventListener("change", touch(update));
  if (crossed.value.trim()) fromText(); else fromBoxes();
  crossed.focus();
  var end = crossed.value.length;
  crossed.setSelectionRange(end, end);
})();
