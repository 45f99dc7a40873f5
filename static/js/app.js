// Long submits (imports) show that work is under way and cannot be sent twice.
document.addEventListener("submit", function (event) {
  var button = event.target.querySelector("button[data-busy]");
  if (!button) return;
  button.disabled = true;
  button.textContent = button.getAttribute("data-busy");
  button.setAttribute("aria-busy", "true");
});
