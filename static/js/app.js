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

// An irreversible action asks first, naming its consequence (a form marked data-confirm). The
// answer is the same as the page served without JavaScript: the form is sent with confirmed=1.
(function () {
  function ask(form) {
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-text");
    var text = document.createElement("p");
    text.id = "confirm-dialog-text";
    text.textContent = form.getAttribute("data-confirm");
    var yes = document.createElement("button");
    yes.type = "button";
    yes.className = "primary";
    yes.textContent = form.getAttribute("data-confirm-yes") || "Đồng ý";
    var no = document.createElement("button");
    no.type = "button";
    no.textContent = form.getAttribute("data-confirm-no") || "Quay lại";
    var row = document.createElement("p");
    row.className = "actions";
    row.appendChild(yes);
    row.appendChild(no);
    dialog.appendChild(text);
    dialog.appendChild(row);
    document.body.appendChild(dialog);
    no.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { dialog.remove(); });
    yes.addEventListener("click", function () {
      var flag = document.createElement("input");
      flag.type = "hidden";
      flag.name = "confirmed";
      flag.value = "1";
      form.appendChild(flag);
      dialog.close();
      form.submit();
    });
    dialog.showModal();
    yes.focus();
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-confirm]")) return;
    if (form.querySelector("input[name=confirmed]")) return;
    if (typeof HTMLDialogElement !== "function") return; // the server asks instead
    event.preventDefault();
    event.stopImmediatePropagation();
    ask(form);
  }, true);
})();
