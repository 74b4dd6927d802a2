// Scrubbing previews: a timeline under the lesson video that, hovered or dragged, shows the frame at that point
// (from the WebVTT thumbnails track made during processing: cues naming sprite.jpg#xywh=x,y,w,h), as on
// YouTube or Udemy. Clicking or dragging seeks; arrow keys move 5 s. Kept apart from video.js and player.js.
(function () {
  "use strict";

  var KEY_STEP = 5;
  var box = document.getElementById("scrub-preview");
  var video = document.getElementById("lesson-player");
  if (!box || !video || !window.fetch) {
    return;
  }
  var track = box.querySelector(".scrub__track");
  var played = box.querySelector(".scrub__played");
  var preview = box.querySelector(".scrub__preview");
  var image = box.querySelector(".scrub__image");
  var label = box.querySelector(".scrub__time");
  var trackUrl = new URL(box.getAttribute("data-thumbnails"), window.location.href);
  var cues = [];
  var dragging = false;

  function seconds(text) {
    var parts = text.trim().split(":").map(Number);
    return parts.reduce(function (total, part) {
      return total * 60 + part;
    }, 0);
  }

  function parse(text) {
    var found = [];
    var lines = text.replace(/\r/g, "").split("\n");
    for (var i = 0; i < lines.length; i += 1) {
      var times = lines[i].split("-->");
      if (times.length !== 2 || !lines[i + 1]) {
        continue;
      }
      var target = lines[i + 1].trim().split("#xywh=");
      var rect = (target[1] || "").split(",").map(Number);
      if (rect.length !== 4 || rect.some(isNaN)) {
        continue;
      }
      var src = new URL(target[0], trackUrl);
      if (!src.search) {
        src.search = trackUrl.search; // a signed track URL signs its sprite alike (same folder, same grant)
      }
      found.push({
        start: seconds(times[0]),
        end: seconds(times[1].trim().split(/\s/)[0]),
        src: src.href,
        x: rect[0],
        y: rect[1],
        width: rect[2],
        height: rect[3],
      });
    }
    return found;
  }

  function duration() {
    if (isFinite(video.duration) && video.duration > 0) {
      return video.duration;
    }
    return cues.length ? cues[cues.length - 1].end : Number(track.getAttribute("aria-valuemax")) || 0;
  }

  function clock(value) {
    var total = Math.max(0, Math.floor(value));
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var rest = String(total % 60).padStart(2, "0");
    return hours ? hours + ":" + String(minutes).padStart(2, "0") + ":" + rest : minutes + ":" + rest;
  }

  function cueAt(time) {
    for (var i = 0; i < cues.length; i += 1) {
      if (time >= cues[i].start && time < cues[i].end) {
        return cues[i];
      }
    }
    return cues[cues.length - 1];
  }

  function timeAt(clientX) {
    var rect = track.getBoundingClientRect();
    var fraction = rect.width ? Math.min(1, Math.max(0, (clientX - rect.left) / rect.width)) : 0;
    return { time: fraction * duration(), x: fraction * rect.width, width: rect.width };
  }

  function show(clientX) {
    var point = timeAt(clientX);
    var cue = cueAt(point.time);
    if (!cue) {
      return point;
    }
    image.style.width = cue.width + "px";
    image.style.height = cue.height + "px";
    image.style.backgroundImage = 'url("' + cue.src.replace(/"/g, "%22") + '")';
    image.style.backgroundPosition = -cue.x + "px " + -cue.y + "px";
    label.textContent = clock(point.time);
    preview.hidden = false;
    var left = Math.min(Math.max(0, point.x - cue.width / 2), Math.max(0, point.width - cue.width));
    preview.style.left = left + track.offsetLeft + "px";
    return point;
  }

  function hide() {
    if (!dragging) {
      preview.hidden = true;
    }
  }

  function showProgress() {
    var total = duration();
    var now = video.currentTime || 0;
    played.style.width = total ? Math.min(100, (now / total) * 100) + "%" : "0";
    track.setAttribute("aria-valuenow", String(Math.round(now)));
    track.setAttribute("aria-valuemax", String(Math.round(total)));
    track.setAttribute("aria-valuetext", clock(now) + " / " + clock(total));
  }

  function seek(time) {
    video.currentTime = Math.min(Math.max(0, time), duration());
    showProgress();
  }

  track.addEventListener("pointermove", function (event) {
    var point = show(event.clientX);
    if (dragging) {
      seek(point.time);
    }
  });
  track.addEventListener("pointerleave", hide);
  track.addEventListener("pointerdown", function (event) {
    dragging = true;
    box.classList.add("scrub--dragging");
    if (track.setPointerCapture) {
      track.setPointerCapture(event.pointerId);
    }
    seek(show(event.clientX).time);
  });
  function release(event) {
    if (!dragging) {
      return;
    }
    dragging = false;
    box.classList.remove("scrub--dragging");
    seek(timeAt(event.clientX).time);
    if (event.pointerType !== "mouse") {
      hide();
    }
  }
  track.addEventListener("pointerup", release);
  track.addEventListener("pointercancel", function () {
    dragging = false;
    box.classList.remove("scrub--dragging");
    hide();
  });
  track.addEventListener("keydown", function (event) {
    var moves = { ArrowLeft: -KEY_STEP, ArrowRight: KEY_STEP, Home: -Infinity, End: Infinity };
    if (!(event.key in moves)) {
      return;
    }
    event.preventDefault();
    event.stopPropagation(); // video.js's page-wide arrows would move it again
    seek(isFinite(moves[event.key]) ? video.currentTime + moves[event.key] : moves[event.key] < 0 ? 0 : duration());
  });
  video.addEventListener("timeupdate", showProgress);
  video.addEventListener("loadedmetadata", showProgress);

  fetch(trackUrl.href, { credentials: "same-origin" })
    .then(function (response) {
      return response.ok ? response.text() : "";
    })
    .then(function (text) {
      cues = parse(text);
      if (cues.length) {
        box.hidden = false;
        showProgress();
      }
    })
    .catch(function () {
      cues = [];
    });
})();
