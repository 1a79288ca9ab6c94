/* Check my post: copy the draft to the clipboard. A button with data-copy-from="ID" copies
 * the value of the field ID and says so in the element named by data-copy-status. Without
 * the Clipboard API (an insecure page), the text is selected for Ctrl+C instead. The button
 * is hidden in the HTML and shown here, so it never appears when this script cannot run.
 * No inline script or style anywhere, for the Content Security Policy. */
(function () {
  "use strict";

  function say(button, message) {
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (status) { status.textContent = message; }
  }

  function selectForManualCopy(field, button) {
    field.focus();
    field.select();
    say(button, "Selected: press Ctrl+C (⌘C on a Mac) to copy.");
  }

  function copy(button) {
    var field = document.getElementById(button.getAttribute("data-copy-from"));
    if (!field) { return; }
    if (!field.value.trim()) { say(button, "Nothing to copy yet."); return; }
    if (!navigator.clipboard || !window.isSecureContext) {
      selectForManualCopy(field, button);
      return;
    }
    navigator.clipboard.writeText(field.value).then(function () {
      say(button, "Copied to the clipboard.");
    }, function () {
      selectForManualCopy(field, button);
    });
  }

  function init() {
    document.querySelectorAll("button[data-copy-from]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy-from]");
    if (button) { copy(button); }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
