// The discussion under a lesson, enhanced. Everything works without it (plain forms); with it:
// - a vote is given or taken back in place, through the API, without leaving the page;
// - on the lesson page, "use the current second" fills the form from the player, and a link to a moment of this
//   same lesson (?t=) seeks the player instead of loading the page again.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("vote") || !window.fetch) {
      return;
    }
    event.preventDefault();
    var button = form.querySelector(".vote__button");
    var voted = button.getAttribute("aria-pressed") === "true";
    button.disabled = true;
    fetch(form.getAttribute("data-api-url"), {
      method: voted ? "DELETE" : "PUT",
      credentials: "same-origin",
      headers: {
        "X-CSRFToken": form.querySelector("input[name='csrfmiddlewaretoken']").value,
        Accept: "application/json",
      },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (answer) {
        var label = button.querySelector("[data-voted-label]");
        button.setAttribute("aria-pressed", answer.my_vote ? "true" : "false");
        button.classList.toggle("is-voted", answer.my_vote);
        button.querySelector(".vote__count").textContent = answer.votes;
        label.textContent = label.getAttribute(answer.my_vote ? "data-voted-label" : "data-unvoted-label");
        form.action = form.getAttribute(answer.my_vote ? "data-unvote-url" : "data-vote-url");
        button.disabled = false;
      })
      .catch(function () {
        form.submit(); // the page answers what the API would not (a 429 page, a log-in)
      });
  });

  var video = document.getElementById("lesson-player");
  if (!video) {
    return;
  }

  document.querySelectorAll("[data-use-current-second]").forEach(function (button) {
    var input = button.form && button.form.querySelector("input[name='video_second']");
    if (!input) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      input.value = Math.floor(video.currentTime || 0);
      input.focus();
    });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.seek-link");
    if (!link || link.pathname !== window.location.pathname) {
      return;
    }
    var second = parseFloat(new URL(link.href).searchParams.get("t"));
    if (!(second >= 0)) {
      return;
    }
    event.preventDefault();
    video.currentTime = second;
    video.scrollIntoView({ block: "center" });
    video.focus();
  });
})();
