// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // A save succeeded: forget the local draft of that form (see entry-editor.js).
  document.querySelectorAll("[data-clear-draft]").forEach(function (el) {
    try { window.localStorage.removeItem("duoplus-draft:" + el.dataset.clearDraft); } catch (e) { /* storage unavailable */ }
  });
})();

// While council PDFs are queued or being made, the report page refreshes their table by
// itself (the page says so, and works the same on reload without this script).
(function () {
  "use strict";
  var section = document.querySelector("[data-pdf-pending]");
  if (!section || !window.fetch || !window.DOMParser) { return; }
  var tries = 0;
  function refresh() {
    tries += 1;
    fetch(window.location.pathname, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".pdf-states");
        var current = document.querySelector(".pdf-states");
        if (!fresh || !current) { return; }
        current.replaceWith(fresh);
        if (fresh.hasAttribute("data-pdf-pending") && tries < 120) {
          window.setTimeout(refresh, 5000);
        } else if (!fresh.hasAttribute("data-pdf-pending")) {
          var done = fresh.querySelector("[data-pdf-status]");
          if (done) { done.textContent = done.dataset.pdfDone; }
        }
      })
      .catch(function () { if (tries < 120) { window.setTimeout(refresh, 15000); } });
  }
  window.setTimeout(refresh, 3000);
})();
