// Behaviour lives here, never in inline attributes: the Content-Security-Policy allows no inline
// script. A select marked data-autosubmit sends its form when changed (with a button for those
// without JavaScript); a field marked data-select-on-click selects its text (a link to copy).
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("[data-autosubmit]") && field.form) field.form.submit();
});
document.addEventListener("click", function (event) {
  var field = event.target;
  if (field.matches && field.matches("[data-select-on-click]")) field.select();
});

// Long submits (imports) show that work is under way and cannot be sent twice.
document.addEventListener("submit", function (event) {
  var button = event.target.querySelector("button[data-busy]");
  if (!button) return;
  button.disabled = true;
  button.textContent = button.getAttribute("data-busy");
  button.setAttribute("aria-busy", "true");
});

// An item of the self-assessment answers by replacing its own form. On a slow connection the person
// may have typed on in that form while the save was under way: whatever differs from what was sent
// is put back into the new form and saved in turn, and the field they are in keeps its cursor.
(function () {
  var pending = null;
  function sentValue(config, name) {
    var sent = (config && (config.formData || config.parameters)) || {};
    var value = typeof sent.get === "function" ? sent.get(name) : sent[name];
    return value === null || value === undefined ? "" : String(value);
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = event.detail.elt;
    pending = null;
    if (!form || !form.matches || !form.matches("form.item")) return;
    var edited = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.id || !field.name || field.type === "hidden" || field.disabled) return;
      if (field.value !== sentValue(event.detail.requestConfig, field.name)) {
        edited.push({ id: field.id, value: field.value });
      }
    });
    var active = document.activeElement;
    pending = {
      form: form.id,
      edited: edited,
      focus: active && active.id && form.contains(active) ? active.id : null,
    };
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!pending) return;
    var p = pending;
    pending = null;
    p.edited.forEach(function (k) {
      var field = document.getElementById(k.id);
      if (field) field.value = k.value;
    });
    var focused = p.focus && document.getElementById(p.focus);
    if (focused && document.activeElement !== focused) focused.focus();
    var form = document.getElementById(p.form);
    if (form && p.edited.length) form.dispatchEvent(new Event("change", { bubbles: true }));
  });
})();
