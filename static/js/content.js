/* Content hub: "select all" for the queue's bulk actions, and copy buttons for suggested
 * copy and tracked links. A button with data-select-all="NAME" ticks (or clears) every
 * checkbox named NAME; a button with data-copy-from="ID" copies the value or text of the
 * element ID and says so in the element named by data-copy-status. Both buttons are hidden
 * in the HTML and shown here, so they never appear when this script cannot run.
 * No inline script or style anywhere, for the Content Security Policy. */
(function () {
  "use strict";

  function say(button, message) {
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (status) { status.textContent = message; }
  }

  function textOf(element) {
    return "value" in element ? element.value : element.textContent;
  }

  function copy(button) {
    var source = document.getElementById(button.getAttribute("data-copy-from"));
    if (!source) { return; }
    var text = textOf(source).trim();
    if (!navigator.clipboard || !window.isSecureContext) {
      if (source.select) { source.focus(); source.select(); }
      say(button, "Selected: press Ctrl+C (⌘C on a Mac) to copy.");
      return;
    }
    navigator.clipboard.writeText(text).then(function () {
      say(button, "Copied.");
    }, function () {
      say(button, "Could not copy: select the text and copy it.");
    });
  }

  function selectAll(button) {
    var boxes = document.querySelectorAll("input[type=checkbox][name='" + button.getAttribute("data-select-all") + "']");
    var tick = Array.prototype.some.call(boxes, function (box) { return !box.checked; });
    boxes.forEach(function (box) { box.checked = tick; });
    button.textContent = tick ? "Clear the selection" : "Select all on this page";
  }

  function init() {
    document.querySelectorAll("button[data-copy-from], button[data-select-all]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy-from], button[data-select-all]");
    if (!button) { return; }
    if (button.hasAttribute("data-copy-from")) { copy(button); } else { selectAll(button); }
  });
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
}());
