// Resumes the lesson where the learner left it and saves the position through the API while they watch.
// Anonymous learners get no progress URL, so nothing is saved for them.
(function () {
  "use strict";

  var SAVE_EVERY_MS = 10000;
  var COMPLETE_AT = 0.9;

  var video = document.getElementById("lesson-player");
  var panel = document.getElementById("lesson-learner-panel");
  if (!video || !panel) {
    return;
  }

  // A link to a moment (?t=<seconds>, from search) wins over the saved position.
  var requestedAt = parseFloat(new URLSearchParams(window.location.search).get("t"));
  var startAt = requestedAt >= 0 ? requestedAt : parseFloat(panel.getAttribute("data-start-position")) || 0;
  var progressUrl = panel.getAttribute("data-progress-url");
  var completed = panel.getAttribute("data-completed") === "true";
  var watched = false;
  var lastSaved = { position: Math.floor(startAt), completed: completed };
  var timer = null;

  function resume() {
    // A finished lesson starts again from the beginning rather than at its last second. Metadata can load
    // twice (the original file, then the HLS stream that video.js attaches), so resume until they play.
    if (watched) {
      return;
    }
    if (startAt > 0 && (requestedAt >= 0 || !(isFinite(video.duration) && startAt >= video.duration * COMPLETE_AT))) {
      video.currentTime = startAt;
    }
  }
  if (video.readyState >= 1) {
    resume();
  }
  video.addEventListener("loadedmetadata", resume);

  if (!progressUrl) {
    return;
  }

  function csrfToken() {
    // The cookie is the freshest token (logging in from another tab rotates it); the page's copy is the fallback.
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : panel.getAttribute("data-csrf-token") || "";
  }

  function showCompleted() {
    var badge = panel.querySelector("[data-completed-badge]");
    var form = panel.querySelector("[data-complete-form]");
    if (badge) {
      badge.hidden = false;
    }
    if (form) {
      form.hidden = true;
    }
  }

  function save(leaving) {
    if (!watched) {
      return;
    }
    var position = Math.floor(video.currentTime || 0);
    var reachedEnd = isFinite(video.duration) && video.duration > 0 && video.currentTime >= video.duration * COMPLETE_AT;
    var nowCompleted = completed || reachedEnd;
    if (position === lastSaved.position && nowCompleted === lastSaved.completed) {
      return;
    }
    lastSaved = { position: position, completed: nowCompleted };
    fetch(progressUrl, {
      method: "PUT",
      credentials: "same-origin",
      keepalive: Boolean(leaving),
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ position_seconds: position, completed: nowCompleted }),
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("progress not saved: " + response.status);
        }
        return response.json();
      })
      .then(function (saved) {
        if (saved.completed && !completed) {
          completed = true;
          showCompleted();
        }
      })
      .catch(function () {
        // Not saved: forget what was sent, so the next tick or pause sends it again.
        lastSaved = { position: -1, completed: completed };
      });
  }

  function stopTimer() {
    if (timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  }

  video.addEventListener("play", function () {
    watched = true;
    stopTimer();
    timer = window.setInterval(function () {
      save(false);
    }, SAVE_EVERY_MS);
  });
  video.addEventListener("seeked", function () {
    if (!video.paused) {
      watched = true;
    }
  });
  video.addEventListener("pause", function () {
    stopTimer();
    save(false);
  });
  video.addEventListener("ended", function () {
    stopTimer();
    save(false);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      save(true);
    }
  });
  window.addEventListener("pagehide", function () {
    save(true);
  });
})();
