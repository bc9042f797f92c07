// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // A save succeeded: forget the local draft of that form (see entry-editor.js).
  document.querySelectorAll("[data-clear-draft]").forEach(function (el) {
    try { window.localStorage.removeItem("duoplus-draft:" + el.dataset.clearDraft); } catch (e) { /* storage unavailable */ }
  });
})();

// A form with data-confirm asks before it is sent (e.g. deleting a planned round).
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
