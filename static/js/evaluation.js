// The evaluator's form (templates/reviews/evaluation.html). Loaded only there, never inline: the
// Content-Security-Policy allows no inline script.
//
// Leaving the page with something not saved asks first: a field changed but not yet sent (the
// change is sent when the field is left), a save under way, or an item whose save was refused
// (the server marks it data-unsaved: what is on screen is not what is stored).
//
// Finalising is its own form (only it asks for confirmation), but the team head often writes the
// visit record and finalises at once: the record as typed travels with the finalise form.
(function () {
  var sending = null;

  function changed(field) {
    if (!field.name || field.type === "hidden" || field.disabled) return false;
    if (field.tagName === "BUTTON" || field.tagName === "FIELDSET" || field.tagName === "OUTPUT") return false;
    if (field.type === "checkbox" || field.type === "radio") return field.checked !== field.defaultChecked;
    if (field.tagName === "SELECT") {  // with no option marked selected, the first one is
      var loaded = 0;
      Array.prototype.forEach.call(field.options, function (o, i) { if (o.defaultSelected) loaded = i; });
      return field.selectedIndex !== loaded;
    }
    return field.value !== field.defaultValue;
  }

  function isSent(form) {
    if (!sending) return false;
    if (sending.hasAttribute("data-confirm") && !sending.querySelector("input[name=confirmed]")) return false;
    return form === sending || form.id === sending.getAttribute("data-carries");
  }

  function unsaved() {
    var forms = document.querySelectorAll("form.item, #visit-form");
    for (var i = 0; i < forms.length; i++) {
      var form = forms[i];
      if (isSent(form)) continue;
      if (form.getAttribute("data-unsaved") === "1" || form.classList.contains("htmx-request")) return true;
      if (Array.prototype.some.call(form.elements, changed)) return true;
    }
    return false;
  }

  window.addEventListener("beforeunload", function (event) {
    if (!unsaved()) return;
    event.preventDefault();
    event.returnValue = "";  // older Chromium shows the dialog only with a return value
  });

  // Capture on window: runs before app.js asks for confirmation (which holds the event back).
  window.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form || form.matches("form.item")) return;
    sending = form;
    var carried = document.getElementById(form.getAttribute("data-carries") || "");
    if (!carried) return;
    Array.prototype.forEach.call(form.querySelectorAll("input[data-carried]"), function (copy) { copy.remove(); });
    Array.prototype.forEach.call(carried.elements, function (field) {
      if (!field.name || field.name === "csrfmiddlewaretoken" || field.name === "save") return;
      var copy = document.createElement("input");
      copy.type = "hidden";
      copy.name = field.name;
      copy.value = field.value;
      copy.setAttribute("data-carried", "");
      form.appendChild(copy);
    });
  }, true);
})();
