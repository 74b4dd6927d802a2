// The admin's lesson video field: the chosen file goes through the resumable upload API (README, "Uploads")
// instead of the form's POST. Chunks through the app, or parts straight to the S3 bucket, each a short request
// with a progress bar; a dropped connection is retried and resumes from the offset the server holds; choosing
// the same file again after a reload resumes the same upload (its id is kept in localStorage).
(function () {
  "use strict";

  var RETRY_SECONDS = [1, 2, 5, 10, 20, 30];

  function format(text, values) {
    return text.replace(/%\((\w+)\)s|%%/g, function (match, name) {
      return name ? String(values[name]) : "%";
    });
  }

  function csrfToken(input) {
    var form = input.form;
    var field = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function Uploader(box) {
    this.box = box;
    this.input = document.getElementById(box.getAttribute("data-input"));
    this.lesson = Number(box.getAttribute("data-lesson"));
    this.uploadsUrl = box.getAttribute("data-uploads-url");
    this.bar = box.querySelector(".resumable-upload__bar");
    this.status = box.querySelector(".resumable-upload__status");
    this.busy = false;
    var self = this;
    this.input.addEventListener("change", function () {
      var file = self.input.files && self.input.files[0];
      if (file && !self.busy) {
        self.input.value = ""; // the form's own POST no longer carries the file
        self.start(file);
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (self.busy) {
        event.preventDefault();
        event.returnValue = self.message("unload");
        return event.returnValue;
      }
      return undefined;
    });
  }

  Uploader.prototype.message = function (key, values) {
    return format(this.box.getAttribute("data-message-" + key) || key, values || {});
  };

  Uploader.prototype.show = function (text, isError) {
    this.status.textContent = text;
    this.status.classList.toggle("resumable-upload__status--error", Boolean(isError));
  };

  Uploader.prototype.progress = function (sent) {
    var percent = this.file.size ? Math.floor((sent * 100) / this.file.size) : 100;
    this.bar.hidden = false;
    this.bar.value = percent;
    this.show(
      this.message("progress", {
        percent: percent,
        sent: (sent / 1048576).toFixed(1),
        total: (this.file.size / 1048576).toFixed(1),
      })
    );
  };

  Uploader.prototype.storageKey = function () {
    var file = this.file;
    return ["platziflix-upload", this.lesson, file.name, file.size, file.lastModified].join(":");
  };

  // One request through XMLHttpRequest (fetch has no upload progress). Resolves with {status, body}; a network
  // failure rejects, so the caller retries.
  Uploader.prototype.send = function (method, url, body, headers, onProgress) {
    var self = this;
    return new Promise(function (resolve, reject) {
      var request = new XMLHttpRequest();
      request.open(method, url);
      Object.keys(headers || {}).forEach(function (name) {
        request.setRequestHeader(name, headers[name]);
      });
      if (onProgress) {
        request.upload.addEventListener("progress", function (event) {
          onProgress(event.loaded);
        });
      }
      request.addEventListener("load", function () {
        var data = null;
        try {
          data = request.responseText ? JSON.parse(request.responseText) : null;
        } catch (error) {
          data = null;
        }
        resolve({ status: request.status, body: data, offset: request.getResponseHeader("Upload-Offset") });
      });
      request.addEventListener("error", function () {
        reject(new Error("network"));
      });
      request.addEventListener("abort", function () {
        reject(new Error("network"));
      });
      request.send(body === undefined ? null : body);
      self.request = request;
    });
  };

  Uploader.prototype.api = function (method, url, payload) {
    var headers = { "X-CSRFToken": csrfToken(this.input), Accept: "application/json" };
    var body;
    if (payload !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(payload);
    }
    return this.send(method, url, body, headers);
  };

  // Runs ``step`` until it resolves; a network failure or a 5xx waits and tries again.
  Uploader.prototype.retrying = function (step) {
    var self = this;
    var attempt = 0;
    function run() {
      return step().catch(function (error) {
        if (error.message !== "network" && error.message !== "server") {
          throw error;
        }
        var seconds = RETRY_SECONDS[Math.min(attempt, RETRY_SECONDS.length - 1)];
        attempt += 1;
        self.show(self.message("retrying", { seconds: seconds }), true);
        return new Promise(function (resolve) {
          window.setTimeout(resolve, seconds * 1000);
        }).then(run);
      });
    }
    return run();
  };

  function check(answer, expected) {
    if (answer.status >= 500 || answer.status === 0) {
      throw new Error("server");
    }
    if (expected.indexOf(answer.status) === -1) {
      var reason = answer.body && (answer.body.detail || JSON.stringify(answer.body));
      throw new Error(reason || String(answer.status));
    }
    return answer;
  }

  Uploader.prototype.open = function () {
    var self = this;
    var saved = window.localStorage.getItem(this.storageKey());
    var create = function () {
      return self
        .api("POST", self.uploadsUrl, { lesson: self.lesson, filename: self.file.name, size: self.file.size })
        .then(function (answer) {
          check(answer, [201]);
          window.localStorage.setItem(self.storageKey(), answer.body.id);
          return answer.body;
        });
    };
    if (!saved) {
      return this.retrying(create);
    }
    return this.retrying(function () {
      return self.api("GET", self.uploadsUrl + saved + "/").then(function (answer) {
        return answer.status === 404 ? create() : check(answer, [200]).body;
      });
    });
  };

  Uploader.prototype.sendChunks = function (upload) {
    var self = this;
    var url = this.uploadsUrl + upload.id + "/";
    var offset = upload.offset;
    function next() {
      if (offset >= self.file.size) {
        return Promise.resolve();
      }
      var chunk = self.file.slice(offset, Math.min(offset + upload.chunk_size, self.file.size));
      return self
        .retrying(function () {
          var headers = {
            "X-CSRFToken": csrfToken(self.input),
            "Content-Type": "application/octet-stream",
            "Upload-Offset": String(offset),
            Accept: "application/json",
          };
          var start = offset;
          return self
            .send("PATCH", url, chunk, headers, function (loaded) {
              self.progress(start + loaded);
            })
            .catch(function (error) {
              // Whatever part of the chunk arrived is kept: ask where to go on from.
              return self.api("GET", url).then(function (answer) {
                offset = check(answer, [200]).body.offset;
                chunk = self.file.slice(offset, Math.min(offset + upload.chunk_size, self.file.size));
                throw error;
              });
            })
            .then(function (answer) {
              if (answer.status === 409 && answer.body) {
                offset = answer.body.offset; // the server holds more (or less) than we thought
                return;
              }
              offset = check(answer, [200]).body.offset;
            });
        })
        .then(function () {
          self.progress(offset);
          return next();
        });
    }
    return next();
  };

  Uploader.prototype.sendParts = function (upload) {
    var self = this;
    var url = this.uploadsUrl + upload.id + "/";
    var done = {};
    var sentBefore = 0;
    upload.parts.forEach(function (part) {
      done[part.part_number] = true;
      sentBefore += part.size;
    });
    var count = Math.max(1, Math.ceil(this.file.size / upload.chunk_size));
    var number = 1;
    function next() {
      while (number <= count && done[number]) {
        number += 1;
      }
      if (number > count) {
        return Promise.resolve();
      }
      var start = (number - 1) * upload.chunk_size;
      var blob = self.file.slice(start, Math.min(start + upload.chunk_size, self.file.size));
      return self
        .retrying(function () {
          return self
            .api("POST", url + "parts/", { part_number: number })
            .then(function (answer) {
              var signed = check(answer, [200]).body;
              return self.send("PUT", signed.url, blob, {}, function (loaded) {
                self.progress(sentBefore + loaded);
              });
            })
            .then(function (answer) {
              check(answer, [200]);
            });
        })
        .then(function () {
          done[number] = true;
          sentBefore += blob.size;
          self.progress(sentBefore);
          return next();
        });
    }
    return next();
  };

  Uploader.prototype.start = function (file) {
    var self = this;
    this.file = file;
    this.busy = true;
    this.show(this.message("preparing"));
    this.open()
      .then(function (upload) {
        self.progress(upload.offset);
        return (upload.mode === "s3" ? self.sendParts(upload) : self.sendChunks(upload)).then(function () {
          return upload;
        });
      })
      .then(function (upload) {
        self.show(self.message("finishing"));
        return self.retrying(function () {
          return self.api("POST", self.uploadsUrl + upload.id + "/complete/").then(function (answer) {
            return check(answer, [202]);
          });
        });
      })
      .then(function () {
        window.localStorage.removeItem(self.storageKey());
        self.busy = false;
        self.bar.value = 100;
        self.show(self.message("done"));
      })
      .catch(function (error) {
        self.busy = false;
        self.show(self.message("failed", { reason: error.message }), true);
      });
  };

  function setUp() {
    document.querySelectorAll("[data-resumable-upload]").forEach(function (box) {
      if (document.getElementById(box.getAttribute("data-input"))) {
        box.uploader = new Uploader(box);
      }
    });
  }

  // The admin loads form media in <head>, before the field exists.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
