// The lesson player's extras: HLS through hls.js where the browser has no native HLS, a quality menu,
// playback speed, keyboard shortcuts and a transcript whose lines seek the video. Resume and progress
// saving stay in player.js, which listens to the same <video>.
(function () {
  "use strict";

  var SEEK_STEP = 10;
  var video = document.getElementById("lesson-player");
  var controls = document.getElementById("player-controls");
  if (!video || !controls) {
    return;
  }
  var qualityField = document.getElementById("player-quality-field");
  var quality = document.getElementById("player-quality");
  var speed = document.getElementById("player-speed");
  var hlsSrc = video.getAttribute("data-hls-src");
  var hls = null;

  function useOriginalFile() {
    // The stream failed for good: play the original upload, which the last <source> names.
    var sources = video.querySelectorAll("source");
    var original = sources[sources.length - 1];
    if (hls) {
      hls.destroy();
      hls = null;
    }
    qualityField.hidden = true;
    if (original) {
      video.src = original.getAttribute("src");
    }
  }

  function levelLabel(level) {
    return Math.min(level.width, level.height) + "p";
  }

  function fillQualityMenu() {
    var seen = {};
    hls.levels.forEach(function (level, index) {
      var label = levelLabel(level);
      if (seen[label]) {
        return;
      }
      seen[label] = true;
      var option = document.createElement("option");
      option.value = String(index);
      option.textContent = label;
      quality.appendChild(option);
    });
    qualityField.hidden = hls.levels.length < 2;
  }

  function showPlayingLevel(index) {
    var auto = quality.options[0];
    var name = quality.getAttribute("data-auto-label");
    auto.textContent = hls.autoLevelEnabled && hls.levels[index] ? name + " (" + levelLabel(hls.levels[index]) + ")" : name;
    video.setAttribute("data-playing-level", hls.levels[index] ? levelLabel(hls.levels[index]) : "");
  }

  if (hlsSrc && window.Hls && window.Hls.isSupported()) {
    // Media Source Extensions: hls.js feeds the stream (its src attribute outranks the <source>s).
    hls = new window.Hls({ workerPath: video.getAttribute("data-hls-worker"), capLevelToPlayerSize: false });
    hls.on(window.Hls.Events.MANIFEST_PARSED, fillQualityMenu);
    hls.on(window.Hls.Events.LEVEL_SWITCHED, function (_event, data) {
      showPlayingLevel(data.level);
    });
    var recovered = false;
    hls.on(window.Hls.Events.ERROR, function (_event, data) {
      if (!data.fatal) {
        return;
      }
      if (data.type === window.Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
        recovered = true;
        hls.recoverMediaError();
      } else {
        useOriginalFile();
      }
    });
    hls.loadSource(hlsSrc);
    hls.attachMedia(video);
    quality.addEventListener("change", function () {
      hls.currentLevel = parseInt(quality.value, 10);
    });
  }
  // Otherwise the browser picks from the <source>s itself: native HLS (Safari, iOS) or the original file.

  speed.addEventListener("change", function () {
    video.playbackRate = parseFloat(speed.value) || 1;
  });
  video.addEventListener("ratechange", function () {
    speed.value = String(video.playbackRate);
  });

  function toggleFullscreen() {
    var frame = video.closest(".player-frame") || video;
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (frame.requestFullscreen) {
      frame.requestFullscreen();
    }
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) {
      return;
    }
    if (target.closest && target.closest("input, textarea, select, button, a, [contenteditable]")) {
      return;
    }
    if (event.key === " " || event.key === "k") {
      event.preventDefault();
      if (video.paused) {
        video.play();
      } else {
        video.pause();
      }
    } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      event.preventDefault();
      var step = event.key === "ArrowLeft" ? -SEEK_STEP : SEEK_STEP;
      var end = isFinite(video.duration) ? video.duration : Infinity;
      video.currentTime = Math.max(0, Math.min(end, video.currentTime + step));
    } else if (event.key === "f" || event.key === "F") {
      event.preventDefault();
      toggleFullscreen();
    }
  });

  var transcript = document.getElementById("transcript");
  if (transcript) {
    var cues = Array.prototype.slice.call(transcript.querySelectorAll("[data-start]"));
    transcript.addEventListener("click", function (event) {
      var cue = event.target.closest("[data-start]");
      if (!cue) {
        return;
      }
      event.preventDefault();
      video.currentTime = parseFloat(cue.getAttribute("data-start"));
      video.play();
    });
    video.addEventListener("timeupdate", function () {
      var now = video.currentTime;
      cues.forEach(function (cue) {
        var active = now >= parseFloat(cue.getAttribute("data-start")) && now < parseFloat(cue.getAttribute("data-end"));
        if (active) {
          cue.setAttribute("aria-current", "true");
        } else {
          cue.removeAttribute("aria-current");
        }
      });
    });
  }

  controls.hidden = false;
})();
