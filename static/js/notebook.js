// Private notes beside the lesson: the form's second follows the player while it plays, the note is saved
// through the API without leaving the video, and a note's time seeks the player. Without this script the form
// posts and the page reloads at the note's second (?t=).
(function () {
  "use strict";

  var form = document.querySelector("[data-note-form]");
  var list = document.querySelector("[data-note-list]");
  if (!form || !list) {
    return;
  }
  var video = document.getElementById("lesson-player");
  var secondInput = form.querySelector("[data-note-second]");
  var bodyInput = form.querySelector("[data-note-body]");
  var timeLabel = form.querySelector("[data-note-time]");
  var status = form.querySelector("[data-note-status]");
  var template = document.querySelector("[data-note-template]");
  var typedSecond = false; // the learner typed a second: the player no longer moves it

  function timestamp(total) {
    total = Math.max(Math.floor(total || 0), 0);
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return hours ? hours + ":" + pad(minutes) + ":" + pad(seconds) : minutes + ":" + pad(seconds);
  }

  function showSecond() {
    timeLabel.textContent = timestamp(parseInt(secondInput.value, 10));
  }

  function followPlayer() {
    if (!typedSecond && video) {
      secondInput.value = Math.floor(video.currentTime || 0);
      showSecond();
    }
  }

  if (video) {
    video.addEventListener("timeupdate", followPlayer);
    video.addEventListener("seeked", followPlayer);
    video.addEventListener("pause", followPlayer);
  }
  secondInput.addEventListener("input", function () {
    typedSecond = true;
    showSecond();
  });

  function seekTo(second) {
    if (!video) {
      return false;
    }
    video.currentTime = second;
    if (video.paused) {
      video.play().catch(function () {});
    }
    video.scrollIntoView({ block: "center", behavior: "smooth" });
    return true;
  }

  list.addEventListener("click", function (event) {
    var link = event.target.closest("[data-seek]");
    if (link && seekTo(parseFloat(link.getAttribute("data-seek")))) {
      event.preventDefault();
    }
  });

  function addNote(note) {
    var item = template.content.firstElementChild.cloneNode(true);
    item.id = "note-" + note.id;
    var time = item.querySelector("[data-seek]");
    time.href = "?t=" + note.second;
    time.setAttribute("data-seek", note.second);
    time.textContent = timestamp(note.second);
    item.querySelector(".note__body").innerHTML = note.body_html; // rendered and sanitized by the server
    item.querySelector(".note__edit").href = list.getAttribute("data-edit-url").replace("/0/", "/" + note.id + "/");
    var empty = list.querySelector("[data-note-empty]");
    if (empty) {
      empty.remove();
    }
    var after = Array.prototype.slice.call(list.querySelectorAll("[data-seek]")).filter(function (other) {
      return parseFloat(other.getAttribute("data-seek")) > note.second;
    })[0];
    list.insertBefore(item, after ? after.closest("li") : null);
    return item;
  }

  form.addEventListener("submit", function (event) {
    if (!window.fetch || !bodyInput.value.trim()) {
      return; // the browser or the server says what is missing
    }
    event.preventDefault();
    followPlayer();
    var button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    status.textContent = "";
    fetch(form.getAttribute("data-api-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": form.querySelector('[name="csrfmiddlewaretoken"]').value,
      },
      body: JSON.stringify({ second: parseInt(secondInput.value, 10) || 0, body: bodyInput.value }),
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) {
            var messages = [].concat(data.body || data.second || data.detail || []);
            throw new Error(messages[0] || form.getAttribute("data-error-text"));
          }
          return data;
        });
      })
      .then(function (note) {
        var item = addNote(note);
        bodyInput.value = "";
        typedSecond = false;
        followPlayer();
        item.classList.add("note--new");
        status.textContent = form.getAttribute("data-saved-text") + " · " + item.querySelector(".note__time").textContent;
      })
      .catch(function (error) {
        status.textContent = error.message || form.getAttribute("data-error-text");
      })
      .then(function () {
        button.disabled = false;
      });
  });
})();
