// The discussion under a lesson, enhanced: "use the current second" fills the form from the player, and a
// link to a moment of this same lesson (?t=) seeks the player instead of loading the page again.
(function () {
  "use strict";

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
