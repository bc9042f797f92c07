// The entry editor without lost work, as progressive enhancement (the form works without it):
// - everything typed is kept in this browser (localStorage) until the server confirms a
//   save, so a network error, an expired session or a closed tab loses nothing: the next
//   time the form opens it offers to put the unsaved text back;
// - a small toolbar writes the Markdown subset (bold, italic, list, link).
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft-key]");
  if (!form) { return; }
  var key = "duoplus-draft:" + form.dataset.draftKey;
  var storage;
  try { storage = window.localStorage; storage.getItem(key); } catch (e) { storage = null; }

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "submit" && el.type !== "button";
    });
  }
  function values() {
    var out = {};
    fields().forEach(function (el) {
      if (el.type === "radio") { if (el.checked) { out[el.name] = el.value; } else if (!(el.name in out)) { out[el.name] = ""; } }
      else if (el.type === "checkbox") { out[el.name] = el.checked ? "on" : ""; }
      else { out[el.name] = el.value; }
    });
    return out;
  }
  function apply(saved) {
    fields().forEach(function (el) {
      if (!(el.name in saved)) { return; }
      if (el.type === "radio") { el.checked = el.value === saved[el.name]; }
      else if (el.type === "checkbox") { el.checked = saved[el.name] === "on"; }
      else { el.value = saved[el.name]; }
    });
  }
  function differs(a, b) {
    return Object.keys(a).some(function (name) { return name !== "version" && (a[name] || "") !== (b[name] || ""); });
  }

  if (storage) {
    var stored = null;
    try { stored = JSON.parse(storage.getItem(key) || "null"); } catch (e) { stored = null; }
    if (stored && stored.values && differs(stored.values, values())) {
      var box = document.createElement("div");
      box.className = "message message-warning draft-offer";
      box.setAttribute("role", "alert");
      var when = new Date(stored.savedAt);
      var text = document.createElement("p");
      text.textContent = "In deze browser staat een tekst die nog niet is opgeslagen (bewaard op " +
        when.toLocaleDateString("nl-NL") + " om " + when.toLocaleTimeString("nl-NL", {hour: "2-digit", minute: "2-digit"}) + ").";
      var restore = document.createElement("button");
      restore.type = "button"; restore.className = "button button-primary"; restore.textContent = "Niet-opgeslagen tekst terugzetten";
      var discard = document.createElement("button");
      discard.type = "button"; discard.className = "button"; discard.textContent = "Weggooien";
      restore.addEventListener("click", function () {
        apply(stored.values);
        box.querySelector("p").textContent = "De niet-opgeslagen tekst staat weer in het formulier. Klik op Opslaan om hem te bewaren.";
        restore.remove(); discard.remove();
        var first = form.querySelector("textarea"); if (first) { first.focus(); }
      });
      discard.addEventListener("click", function () { storage.removeItem(key); box.remove(); });
      box.appendChild(text); box.appendChild(restore); box.appendChild(discard);
      form.parentNode.insertBefore(box, form);
    }
    var timer = null;
    var keep = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        try { storage.setItem(key, JSON.stringify({values: values(), savedAt: Date.now()})); } catch (e) { /* full or blocked */ }
      }, 300);
    };
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    // Keep the latest keystrokes too when the form is sent (the response may never come).
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
      try { storage.setItem(key, JSON.stringify({values: values(), savedAt: Date.now()})); } catch (e) { /* ignore */ }
    });
  }

  // Toolbar for the Markdown subset.
  var tools = [
    ["Vet", "**", "**", "vet"],
    ["Cursief", "*", "*", "cursief"],
    ["Opsomming", "\n- ", "", "punt"],
    ["Link", "[", "](https://)", "linktekst"]
  ];
  form.querySelectorAll("textarea[data-richtext]").forEach(function (area) {
    var bar = document.createElement("div");
    bar.className = "toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Opmaak");
    bar.setAttribute("aria-controls", area.id);
    tools.forEach(function (tool) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "toolbar-button"; b.textContent = tool[0];
      b.addEventListener("click", function () {
        var start = area.selectionStart, end = area.selectionEnd;
        var chosen = area.value.slice(start, end) || tool[3];
        area.setRangeText(tool[1] + chosen + tool[2], start, end, "end");
        area.focus();
        area.setSelectionRange(start + tool[1].length, start + tool[1].length + chosen.length);
        area.dispatchEvent(new Event("input", {bubbles: true}));
      });
      bar.appendChild(b);
    });
    area.parentNode.insertBefore(bar, area);
  });
})();
