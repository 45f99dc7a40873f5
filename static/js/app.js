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

// Every autosaving form (any form.item, on the school's form or the evaluator's) says where its
// answer stands, in a live region just after it, outside what a save replaces: saving, saved at
// hh:mm, or not saved with a button that sends the form again as it is now (what was typed stays
// in the fields: a failed save replaces nothing). A save that hangs gives up after 20 s.
var afterSave = (function () {
  var TEXT = {
    saving: "Đang lưu…",
    saved: "Đã lưu lúc {time}",
    failed: "Chưa lưu được",
    refused: "Chưa lưu: xem thông báo ở trên",
    retry: "Thử lại",
  };
  function text(form, key) {
    var host = form.closest("[data-autosave-" + key + "]");
    return (host && host.getAttribute("data-autosave-" + key)) || TEXT[key];
  }
  function statusOf(form) {
    var next = form.nextElementSibling;
    if (next && next.getAttribute("data-status-for") === form.id) return next;
    var status = document.createElement("p");
    status.className = "save-status";
    status.setAttribute("data-status-for", form.id);
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    form.insertAdjacentElement("afterend", status);
    return status;
  }
  function show(form, state) {
    var status = statusOf(form);
    status.className = "save-status " + state;
    status.textContent = "";
    var now = new Date();
    var time = ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2);
    var words = document.createElement("span");
    words.textContent = text(form, state).replace("{time}", time);
    status.appendChild(words);
    if (state !== "failed") return;
    var retry = document.createElement("button");
    retry.type = "button";
    retry.className = "retry";
    retry.textContent = text(form, "retry");
    retry.setAttribute("data-retry", form.id);
    status.appendChild(document.createTextNode(" — "));
    status.appendChild(retry);
  }
  function item(event) {
    var form = event.detail && event.detail.elt;
    return form && form.matches && form.matches("form.item") && form.id ? form : null;
  }
  function ready() {
    Array.prototype.forEach.call(document.querySelectorAll("form.item[id]"), statusOf);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
  // A percentage is saved once both of its counts are there (a filter in hx-trigger would need
  // eval, which the Content-Security-Policy forbids).
  document.addEventListener("htmx:confirm", function (event) {
    var form = item(event);
    var cause = event.detail.triggeringEvent;
    if (!form || !cause || cause.type !== "change") return;
    var name = cause.target && cause.target.name;
    if (name !== "part" && name !== "whole") return;
    if ((form.elements.part.value !== "") !== (form.elements.whole.value !== "")) {
      event.preventDefault();
    }
  });
  document.addEventListener("htmx:configRequest", function (event) {
    if (item(event) && !event.detail.timeout) event.detail.timeout = 20000;
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = item(event);
    if (form) show(form, "saving");
  });
  ["htmx:sendError", "htmx:timeout", "htmx:responseError"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var form = item(event);
      if (form && document.body.contains(form)) show(form, "failed");
    });
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-retry]");
    if (!button) return;
    var form = document.getElementById(button.getAttribute("data-retry"));
    if (!form) return;
    if (form.requestSubmit) form.requestSubmit();
    else form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  });
  // the answer replaced the form: stored, unless it came back with the reason it was refused
  return function (form) {
    show(form, form.querySelector(".field-error") ? "refused" : "saved");
  };
})();

// A link to a place on the page (a criterion of the jump list, a problem before approval)
// unfolds the group it is in; choosing a link of the jump list folds the list away again.
(function () {
  function reveal(id) {
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) node.open = true;
    }
    return target;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link) return;
    var target = reveal(decodeURIComponent(link.getAttribute("href").slice(1)));
    var list = link.closest("details.jump");
    if (list) list.open = false;
    if (target) {
      event.preventDefault();
      history.pushState(null, "", link.getAttribute("href"));
      target.scrollIntoView({ block: "start" });
    }
  });
  if (location.hash) {
    var target = reveal(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView({ block: "start" });
  }
})();

// The evidence form: the main criterion is not offered again among the others it supports.
document.addEventListener("change", function (event) {
  var main = event.target;
  if (!main.matches || !main.matches("select[data-hides-in]") || !main.form) return;
  var name = main.getAttribute("data-hides-in");
  Array.prototype.forEach.call(main.form.elements, function (box) {
    if (box.name !== name) return;
    box.hidden = box.value === main.value;
    if (box.hidden) box.checked = false;
  });
});

// An item of the self-assessment answers by replacing its own form. On a slow connection the person
// may have typed on in that form while the save was under way: whatever differs from what was sent
// is put back into the new form and saved in turn, and the field they are in keeps its cursor.
// The cursor is put back only when the swap took it away (it is on the page's body): a person who
// has gone on to another item meanwhile keeps typing there. What is put back is kept per form, so
// another item's answer arriving before this one settles (20 ms later) does not drop it.
(function () {
  var pending = {};
  function sentValue(config, name) {
    var sent = (config && (config.formData || config.parameters)) || {};
    var value = typeof sent.get === "function" ? sent.get(name) : sent[name];
    return value === null || value === undefined ? "" : String(value);
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    var form = event.detail.elt;
    if (!form || !form.matches || !form.matches("form.item") || !form.id) return;
    delete pending[form.id];
    if (!event.detail.shouldSwap) return;
    var edited = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.id || !field.name || field.type === "hidden" || field.disabled) return;
      if (field.value !== sentValue(event.detail.requestConfig, field.name)) {
        edited.push({ id: field.id, value: field.value });
      }
    });
    var active = document.activeElement;
    pending[form.id] = {
      edited: edited,
      focus: active && active.id && form.contains(active) ? active.id : null,
    };
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.item")) return;
    afterSave(form);
    var p = pending[form.id];
    delete pending[form.id];
    if (!p) return;
    p.edited.forEach(function (k) {
      var field = document.getElementById(k.id);
      if (field) field.value = k.value;
    });
    var focused = p.focus && document.getElementById(p.focus);
    var away = document.activeElement && document.activeElement !== document.body;
    if (focused && !away) focused.focus();
    if (p.edited.length) form.dispatchEvent(new Event("change", { bubbles: true }));
  });
})();

// An irreversible action asks first, naming its consequence (a form marked data-confirm). The
// answer is the same as the page served without JavaScript: the form is sent with confirmed=1.
(function () {
  // A form of several actions (the review queue's bulk actions): the button pressed may name
  // its own question and send the form elsewhere (formaction).
  function ask(form, button) {
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-text");
    var text = document.createElement("p");
    text.id = "confirm-dialog-text";
    text.textContent =
      (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
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
      if (button && button.hasAttribute("formaction")) form.action = button.formAction;
      if (button && button.name) {
        var pressed = document.createElement("input");
        pressed.type = "hidden";
        pressed.name = button.name;
        pressed.value = button.value;
        form.appendChild(pressed);
      }
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
    ask(form, event.submitter);
  }, true);
})();

// "Select all on this page": a box marked data-select-all="<name>" ticks every box of that name
// in its form.
document.addEventListener("change", function (event) {
  var all = event.target;
  if (!all.matches || !all.matches("input[data-select-all]") || !all.form) return;
  var name = all.getAttribute("data-select-all");
  Array.prototype.forEach.call(all.form.elements, function (box) {
    if (box.name === name && box.type === "checkbox") box.checked = all.checked;
  });
});

// htmx 2.0.11 starts the next queued request of an hx-sync="… :queue all" only when the one before
// it ends, and silently skips a queued request whose form was replaced meanwhile (an item that
// answered while it was queued again) without starting the one after it: the saves behind it
// would wait for a request that never comes. When a save ends (its answer settled in the new form,
// or it failed and the form stayed), the rest of its queue is started.
function startQueuedSaves(event) {
  var form = event.target;
  var sync = form && form.getAttribute && form.getAttribute("hx-sync");
  if (!sync) return;
  var host = document.querySelector(sync.split(":")[0].trim());
  setTimeout(function () {
    var state = host && host["htmx-internal-data"];
    while (state && !state.xhr && state.queuedRequests && state.queuedRequests.length) {
      state.queuedRequests.shift()();
    }
  }, 0);
}
document.addEventListener("htmx:afterSettle", startQueuedSaves);
document.addEventListener("htmx:afterRequest", startQueuedSaves);
