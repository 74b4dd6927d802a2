// One-click saving of a course from its card or page, through the API, without leaving the page. Without this
// script the same form posts and comes back.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-save-course]");
    if (!form || !window.fetch) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector("button");
    var saving = button.getAttribute("aria-pressed") !== "true";
    button.disabled = true;
    fetch(form.getAttribute("data-api-url"), {
      method: saving ? "PUT" : "DELETE",
      credentials: "same-origin",
      headers: { "X-CSRFToken": form.querySelector('[name="csrfmiddlewaretoken"]').value },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("not saved: " + response.status);
        }
        // Every button for this course on the page (a card and the page's own) shows the new state.
        var selector = '[data-save-course][data-api-url="' + form.getAttribute("data-api-url") + '"]';
        Array.prototype.forEach.call(document.querySelectorAll(selector), function (other) {
          var otherButton = other.querySelector("button");
          otherButton.setAttribute("aria-pressed", saving ? "true" : "false");
          otherButton.setAttribute("aria-label", other.getAttribute(saving ? "data-label-saved" : "data-label-save"));
          other.querySelector("[data-save-text]").textContent = other.getAttribute(saving ? "data-text-saved" : "data-text-save");
          other.action = other.getAttribute(saving ? "data-unsave-url" : "data-save-url");
        });
      })
      .catch(function () {
        form.submit(); // let the server answer, with its message
      })
      .then(function () {
        button.disabled = false;
      });
  });
})();
