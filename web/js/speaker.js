/*
 * Scalene Coach widget: speaks bot messages, one after another, with audio the server made
 * (the project's pyttsx3 speech module). Auto-speak can be switched off; the choice is remembered.
 * Audio URLs name a WAV; where the browser plays Ogg Opus (or else MP3) the same id is asked
 * for compressed, about a fourteenth of the bytes (`ns.audioUrl`).
 */
(function (ns) {
  "use strict";
  var dom = ns.dom;
  var probe = document.createElement("audio");
  var FORMAT = probe.canPlayType && probe.canPlayType("audio/ogg; codecs=opus") ? "ogg"
    : probe.canPlayType && probe.canPlayType("audio/mpeg") ? "mp3" : "wav";

  /** The server's audio URL in the best format this browser plays (WAV stays the fallback). */
  ns.audioUrl = function (url) {
    return typeof url === "string" ? url.replace(/\.wav$/, "." + FORMAT) : url;
  };
  ns.audioFormat = FORMAT;

  function Speaker(onBusyChange) {
    this.enabled = dom.storage.get("speak") !== "off"; // on unless switched off before
    this.queue = [];
    this.busy = false;
    this.onBusyChange = onBusyChange || function () {};
    this.audio = dom.el("audio", { class: "sc-speech-audio", preload: "auto" });
    var self = this;
    this.audio.addEventListener("ended", function () { self.next(); });
    this.audio.addEventListener("error", function () { self.next(); });
  }

  Speaker.prototype.setEnabled = function (on) {
    this.enabled = !!on;
    dom.storage.set("speak", on ? "on" : "off");
    if (!on) this.stop();
  };

  /** Say `url` after whatever is being said (only when auto-speak is on). */
  Speaker.prototype.enqueue = function (url) {
    if (!this.enabled || !url) return;
    this.queue.push(url);
    if (!this.busy) this.next();
  };

  /** Say `url` now (the Listen button works whether auto-speak is on or not). */
  Speaker.prototype.playNow = function (url) {
    this.stop();
    this.queue = [url];
    this.next();
  };

  Speaker.prototype.stop = function () {
    this.queue = [];
    this.audio.pause();
    this.setBusy(false);
  };

  Speaker.prototype.next = function () {
    var url = this.queue.shift();
    if (!url) {
      this.setBusy(false);
      return;
    }
    this.setBusy(true);
    this.audio.src = dom.serverUrl(ns.audioUrl(url));
    var self = this;
    var playing = this.audio.play();
    if (playing && playing.catch) {
      playing.catch(function (error) {
        // Autoplay refused (no click on the page yet): drop the queue rather than spin.
        if (error && error.name === "NotAllowedError") self.queue = [];
        self.next();
      });
    }
  };

  Speaker.prototype.setBusy = function (busy) {
    if (this.busy === busy) return;
    this.busy = busy;
    this.onBusyChange(busy);
  };

  /** Resolves when nothing is being said, or after `maxMs`. */
  Speaker.prototype.whenIdle = function (maxMs) {
    var self = this;
    return new Promise(function (resolve) {
      var started = Date.now();
      (function check() {
        if (!self.busy || Date.now() - started > maxMs) resolve();
        else setTimeout(check, 100);
      })();
    });
  };

  ns.Speaker = Speaker;
})(window.ScaleneCoach);
