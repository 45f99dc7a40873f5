// Demo mode only (the page includes this file only then): a demo account's button fills the
// log-in form with its username and the shared demo password and submits it — one click.
// A file of its own because the Content-Security-Policy forbids inline scripts.
"use strict";
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-demo-username]");
  const list = button && button.closest("[data-demo-password]");
  const form = document.getElementById("login-form");
  if (!list || !form) return;
  form.elements.username.value = button.dataset.demoUsername;
  form.elements.password.value = list.dataset.demoPassword;
  form.requestSubmit();
});
