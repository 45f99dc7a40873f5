// Long submits (imports) show that work is under way and cannot be sent twice.
document.addEventListener("submit", function (event) {
  var button = event.target.querySelector("button[data-busy]");
  if (!button) return;
  button.disabled = true;
  button.textContent = button.getAttribute("data-busy");
  button.setAttribute("aria-busy", "true");
});

// An item of the self-assessment answers by replacing its own form. On a slow connection the person
// may already be typing in that form when the answer arrives: the field they are in keeps their text
// and cursor, and is saved when they leave it.
(function () {
  var kept = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var active = document.activeElement;
    kept = null;
    if (active && active.id && "value" in active && event.detail.target.contains(active)) {
      kept = { id: active.id, value: active.value, start: active.selectionStart, end: active.selectionEnd };
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!kept) return;
    var k = kept;
    kept = null;
    var field = document.getElementById(k.id);
    if (!field) return;
    if (field.value !== k.value) {
      field.value = k.value;
      field.dataset.unsaved = "1";
    }
    field.focus();
    try { field.setSelectionRange(k.start, k.end); } catch (e) { /* selects have no selection */ }
  });
  document.addEventListener("change", function (event) {
    if (event.target.dataset) delete event.target.dataset.unsaved;
  }, true);
  document.addEventListener("focusout", function (event) {
    var field = event.target;
    if (field.dataset && field.dataset.unsaved) {
      delete field.dataset.unsaved;
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
})();
