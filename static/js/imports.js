/* Imports: the upload's progress bar (htmx reports the bytes sent) and a busy message while
 * a large file is imported. No inline script or style anywhere, for the CSP. */
(function () {
  "use strict";

  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.target.closest ? event.target.closest("[data-upload-progress]") : null;
    if (!form || !event.detail.lengthComputable) { return; }
    var bar = document.getElementById(form.getAttribute("data-upload-progress"));
    var status = form.querySelector("[data-upload-status]");
    if (bar) {
      bar.hidden = false;
      bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    }
    if (status) {
      status.textContent = event.detail.loaded < event.detail.total
        ? "Uploading… " + (bar ? bar.value : "") + " %"
        : "Reading the file…";
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-commit-form")) { return; }
    if (form.getAttribute("data-submitted") === "yes") { event.preventDefault(); return; }
    form.setAttribute("data-submitted", "yes");
    var button = event.submitter;
    var status = form.querySelector("[data-busy-status]");
    if (button && status && button.hasAttribute("data-busy")) {
      status.textContent = button.getAttribute("data-busy");
      var bar = form.querySelector("[data-busy-progress]");
      if (bar) { bar.hidden = false; }  // no value: an indeterminate bar while the server works
    }
    form.setAttribute("aria-busy", "true");
  });
})();
