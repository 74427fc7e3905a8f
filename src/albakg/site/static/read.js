// The reading view: "#char=START,END" (RFC 5147, raw code-point offsets) marks the passage,
// scrolls to it and shows the records that rest on it. Works from disk: nothing is fetched.
(function () {
  "use strict";

  function pieces() {
    return Array.prototype.slice.call(document.querySelectorAll("#text [data-s]"));
  }

  function parse(hash) {
    var m = /^#char=(\d+),(\d+)$/.exec(hash || "");
    return m ? { start: parseInt(m[1], 10), end: parseInt(m[2], 10) } : null;
  }

  function mark(span) {
    var all = pieces();
    var first = null;
    all.forEach(function (el) {
      var s = parseInt(el.getAttribute("data-s"), 10);
      var e = parseInt(el.getAttribute("data-e"), 10);
      var inside = span !== null && s >= span.start && e <= span.end;
      el.classList.toggle("hl", inside);
      if (inside && first === null) { first = el; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("#side .note"), function (n) {
      n.hidden = true;
    });
    var where = document.getElementById("side-where");
    var empty = document.getElementById("side-empty");
    if (span === null) { where.textContent = ""; empty.hidden = true; return; }
    where.textContent = "char=" + span.start + "," + span.end;
    var note = document.getElementById("note-" + span.start + "-" + span.end);
    if (note) { note.hidden = false; empty.hidden = true; } else { empty.hidden = false; }
    if (first) { first.scrollIntoView({ block: "center" }); }
  }

  // A click on marked text (not on a link) selects the shortest quote that covers it.
  function quotesAt(offset) {
    var found = [];
    Array.prototype.forEach.call(document.querySelectorAll("#side .note"), function (n) {
      var m = /^note-(\d+)-(\d+)$/.exec(n.id);
      if (m) {
        var s = parseInt(m[1], 10), e = parseInt(m[2], 10);
        if (s <= offset && offset < e) { found.push({ start: s, end: e }); }
      }
    });
    found.sort(function (a, b) { return (a.end - a.start) - (b.end - b.start); });
    return found;
  }

  function onClick(event) {
    var el = event.target;
    if (!el || !el.classList || !el.classList.contains("ev") || el.tagName === "A") { return; }
    var hits = quotesAt(parseInt(el.getAttribute("data-s"), 10));
    if (hits.length) { window.location.hash = "char=" + hits[0].start + "," + hits[0].end; }
  }

  function start() {
    mark(parse(window.location.hash));
    window.addEventListener("hashchange", function () { mark(parse(window.location.hash)); });
    document.getElementById("text").addEventListener("click", onClick);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
