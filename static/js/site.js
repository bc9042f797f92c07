// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // A save succeeded: forget the local draft of that form (see entry-editor.js).
  document.querySelectorAll("[data-clear-draft]").forEach(function (el) {
    try { window.localStorage.removeItem("duoplus-draft:" + el.dataset.clearDraft); } catch (e) { /* storage unavailable */ }
  });
})();
