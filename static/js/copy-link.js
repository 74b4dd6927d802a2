// "Copy link" buttons on /me/: shown only when the browser can write to the clipboard.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll("button.copy-link[data-copy-url]").forEach(function (button) {
    var label = button.textContent.trim();
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copyUrl).then(function () {
        button.textContent = button.dataset.copiedLabel;
        button.setAttribute("aria-live", "polite");
        window.setTimeout(function () { button.textContent = label; }, 2500);
      });
    });
  });
})();
