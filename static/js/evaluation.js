// The evaluator's form (templates/reviews/evaluation.html). Loaded only there, never inline: the
// Content-Security-Policy allows no inline script.
//
// Leaving the page with something not saved asks first: a field changed but not yet sent (the
// change is sent when the field is left), a save under way, or an item whose save was refused
// (the server marks it data-unsaved: what is on screen is not what is stored).
//
// Finalising is its own form (only it asks for confirmation), but the team head often writes the
// visit record and finalises at once: the record as typed travels with the finalise form.
//
// Finalising waits for the saves under way (leaving a field to press the button sends its change)
// and is refused, naming the items, while an item is not stored as shown (a refused save, a change
// that could not be sent): the server would judge what is stored, not what is on screen.
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

  function saving() {
    return !!document.querySelector("form.item.htmx-request");
  }

  function notStored() {
    var codes = [];
    Array.prototype.forEach.call(document.querySelectorAll("form.item"), function (form) {
      if (form.getAttribute("data-unsaved") === "1" || Array.prototype.some.call(form.elements, changed)) {
        codes.push(form.getAttribute("data-code") || form.id);
      }
    });
    return codes;
  }

  function say(form, key, codes) {
    var box = form.querySelector(".finalise-wait");
    if (!box) {
      box = document.createElement("p");
      box.className = "finalise-wait errors";
      box.setAttribute("role", "alert");
      form.insertBefore(box, form.firstChild);
    }
    box.hidden = !key;
    box.textContent = key ? form.getAttribute("data-" + key).replace("{items}", (codes || []).join(", ")) : "";
  }

  // true when the finalise form may go on now; otherwise it says why and, for saves under way,
  // sends itself again once they are over.
  function readyToFinalise(form, submitter) {
    if (saving()) {
      say(form, "waiting");
      var resent = false;
      var again = function () {
        // after app.js put back what was typed during the save, which may send another one
        window.setTimeout(function () {
          if (resent || saving()) return;
          resent = true;  // one swap settles several elements: send once
          document.removeEventListener("htmx:afterSettle", again);
          document.removeEventListener("htmx:afterRequest", failed);
          if (form.requestSubmit) form.requestSubmit(submitter || undefined);
        }, 0);
      };
      var failed = function (event) { if (event.detail && event.detail.failed) again(); };
      document.addEventListener("htmx:afterSettle", again);
      document.addEventListener("htmx:afterRequest", failed);
      return false;
    }
    var left = notStored();
    if (left.length) {
      say(form, "refused", left);
      return false;
    }
    say(form, null);
    return true;
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
    if (form.hasAttribute("data-after-saves") && !readyToFinalise(form, event.submitter)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
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
