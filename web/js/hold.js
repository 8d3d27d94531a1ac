/*
 * Scalene Coach widget: the hold countdown. A ring and a number count down real seconds
 * (wall clock, not timer ticks), with pause/resume and stop. The cues shown and spoken are the
 * hold payload's (`cues.start`, `cues.end`; their wording lives in the bot's domain), and the
 * paced countdown audio the server made from them opens with the start cue; the ring starts
 * when the audio reaches its first number, and the audio is re-aligned to the ring whenever it
 * drifts, so both say the same second. The bot ends a hold early with a `hold_stop` message.
 * An exercise (`kind: "exercise"`) shows its move and reps, and which rep is being counted.
 */
(function (ns) {
  "use strict";
  var dom = ns.dom;
  var RADIUS = 52;
  var CIRCUMFERENCE = 2 * Math.PI * RADIUS;
  var TICK_MS = 100;
  var MAX_DRIFT_S = 0.25;
  var MAX_SPEECH_WAIT_MS = 15000; // the instructions are spoken before the count starts
  var CUE_GRACE_S = 1; // audio that has not reached its first number by then: count without it
  var ACTIVE = ["waiting", "cue", "running", "paused"];

  function reps(hold) {
    var count = Math.round(Number(hold.reps));
    return hold.kind === "exercise" && count > 0 && Number(hold.rep_seconds) > 0 ? count : 0;
  }

  function describe(hold) {
    if (hold.kind === "rest") return "Rest";
    if (hold.kind === "exercise") {
      return String(hold.name || "Exercise") + (reps(hold) ? ", " + reps(hold) + " reps" : "");
    }
    var words = ["Hold"];
    if (hold.side) words.push(hold.side + " side");
    if (hold.spot) words.push(hold.spot + " spot");
    return words.join(", ");
  }

  /** env: {speaker, announce(text), onFinish(timer), onStop(timer)} */
  function HoldTimer(hold, env) {
    this.hold = hold;
    this.env = env;
    this.id = hold.id;
    this.seconds = Math.max(1, Math.round(Number(hold.seconds) || 12));
    this.countStart = Math.max(0, Number(hold.audio_count_start) || 0);
    this.cues = hold.cues || {};
    this.reducedMotion = dom.prefersReducedMotion();
    this.elapsedMs = 0;
    this.runStart = null;
    this.build();
    this.show(this.seconds);
    this.setState("ready");
  }

  HoldTimer.prototype.build = function () {
    var self = this;
    this.ringFill = dom.svg("circle", {
      class: "sc-ring-fill", cx: 60, cy: 60, r: RADIUS, transform: "rotate(-90 60 60)",
      "stroke-dasharray": CIRCUMFERENCE.toFixed(2), "stroke-dashoffset": 0,
    });
    var ring = dom.svg("svg", { class: "sc-ring", viewBox: "0 0 120 120", "aria-hidden": "true" }, [
      dom.svg("circle", { class: "sc-ring-track", cx: 60, cy: 60, r: RADIUS }), this.ringFill,
    ]);
    this.number = dom.el("span", { class: "sc-hold-seconds" });
    this.unit = dom.el("span", { class: "sc-hold-unit" });
    this.status = dom.el("p", { class: "sc-hold-status" });
    this.repLine = dom.el("p", { class: "sc-hold-rep", hidden: !reps(this.hold) });
    this.pauseButton = dom.el("button", { type: "button", class: "sc-hold-pause", "aria-pressed": "false",
      text: "Pause", onclick: function () { if (self.state === "paused") self.resume(); else self.pause(); } });
    this.stopButton = dom.el("button", { type: "button", class: "sc-hold-stop", text: "Stop",
      onclick: function () { self.stop("Stopped.", true); } });
    this.startButton = dom.el("button", { type: "button", class: "sc-hold-start", text: "Start the timer",
      onclick: function () { self.begin(); } });
    this.audio = this.hold.audio ? dom.el("audio", { class: "sc-hold-audio", preload: "auto",
      src: dom.serverUrl(this.hold.audio) }) : null;
    this.node = dom.el("div", { class: "sc-hold", role: "group", "data-hold-id": this.id,
      "aria-label": describe(this.hold) + " timer, " + this.seconds + " seconds" }, [
      dom.el("p", { class: "sc-hold-title", text: describe(this.hold) + ": " + this.seconds + " seconds" }),
      dom.el("div", { class: "sc-hold-face" }, [ring, dom.el("div", { class: "sc-hold-count", role: "timer", "aria-live": "off" }, [
        this.number, this.unit])]),
      this.repLine, this.status,
      dom.el("div", { class: "sc-hold-controls" }, [this.startButton, this.pauseButton, this.stopButton]),
      this.audio,
    ]);
  };

  HoldTimer.prototype.setState = function (state, status) {
    this.state = state;
    this.node.setAttribute("data-state", state);
    if (status !== undefined) this.status.textContent = status;
    this.startButton.hidden = state !== "ready";
    this.pauseButton.hidden = state !== "running" && state !== "paused";
    this.stopButton.hidden = ACTIVE.indexOf(state) < 0;
    this.pauseButton.textContent = state === "paused" ? "Resume" : "Pause";
    this.pauseButton.setAttribute("aria-pressed", state === "paused" ? "true" : "false");
  };

  HoldTimer.prototype.isActive = function () { return ACTIVE.indexOf(this.state) >= 0; };
  HoldTimer.prototype.soundOn = function () { return !!(this.audio && this.env.speaker.enabled); };

  /** Start (or start again): wait for the spoken instructions, play the cue, then count. */
  HoldTimer.prototype.begin = function () {
    var self = this;
    this.clearTimers();
    this.elapsedMs = 0;
    this.runStart = null;
    this.show(this.seconds);
    this.setState("waiting", "Get ready…");
    var ready = this.soundOn() ? this.env.speaker.whenIdle(MAX_SPEECH_WAIT_MS) : Promise.resolve();
    ready.then(function () {
      if (self.state !== "waiting") return;
      if (!self.soundOn()) return self.run();
      self.setState("cue", self.cues.start || "");
      self.audio.currentTime = 0;
      self.playAudio();
      self.waitForFirstNumber(performance.now());
    });
  };

  /** The ring starts when the audio says the first number (or on time if the audio stalls). */
  HoldTimer.prototype.waitForFirstNumber = function (cueStarted) {
    var self = this;
    if (this.state !== "cue") return;
    var late = (performance.now() - cueStarted) / 1000 - this.countStart;
    if (this.audio.currentTime >= this.countStart) return this.run((this.audio.currentTime - this.countStart) * 1000);
    if (late > CUE_GRACE_S) return this.run(0);
    this.cueTimer = setTimeout(function () { self.waitForFirstNumber(cueStarted); }, 15);
  };

  HoldTimer.prototype.run = function (alreadyMs) {
    var self = this;
    this.elapsedMs = alreadyMs || 0;
    this.runStart = performance.now();
    this.setState("running", this.cues.start || "");
    this.env.announce(describe(this.hold) + ": " + this.seconds + " seconds, starting now.");
    this.ticker = setInterval(function () { self.tick(); }, TICK_MS);
    this.tick();
  };

  HoldTimer.prototype.elapsed = function () {
    return (this.elapsedMs + (this.runStart === null ? 0 : performance.now() - this.runStart)) / 1000;
  };

  HoldTimer.prototype.tick = function () {
    var elapsed = this.elapsed();
    var remaining = Math.max(0, this.seconds - elapsed);
    this.show(remaining);
    this.showRep(elapsed);
    this.syncAudio(elapsed);
    if (!this.saidFive && this.seconds > 6 && remaining <= 5) {
      this.saidFive = true;
      this.env.announce("5 seconds left.");
    }
    if (remaining <= 0) this.finish();
  };

  HoldTimer.prototype.show = function (remaining) {
    var whole = Math.ceil(remaining - 1e-6);
    this.number.textContent = whole >= 60 ? Math.floor(whole / 60) + ":" + ("0" + (whole % 60)).slice(-2) : String(whole);
    this.unit.textContent = whole >= 60 ? "left" : whole === 1 ? "second left" : "seconds left";
    // Reduced motion: the ring moves in whole-second steps instead of gliding.
    var fraction = (this.reducedMotion ? whole : remaining) / this.seconds;
    this.ringFill.setAttribute("stroke-dashoffset", (CIRCUMFERENCE * (1 - fraction)).toFixed(2));
  };

  /** An exercise: which rep the count is on ("Rep 3 of 10"), from the payload's rep length. */
  HoldTimer.prototype.showRep = function (elapsed) {
    var total = reps(this.hold);
    if (!total) return;
    var rep = Math.min(total, Math.floor(elapsed / Number(this.hold.rep_seconds)) + 1);
    var text = "Rep " + rep + " of " + total;
    if (this.repLine.textContent !== text) this.repLine.textContent = text;
  };

  HoldTimer.prototype.playAudio = function () {
    if (!this.soundOn()) return;
    this.audio.muted = this.env.speaker.busy;
    var playing = this.audio.play();
    if (playing && playing.catch) playing.catch(function () { /* the ring counts without sound */ });
  };

  HoldTimer.prototype.syncAudio = function (elapsed) {
    if (!this.soundOn() || this.audio.paused) return;
    var target = this.countStart + elapsed;
    var length = this.audio.duration || Infinity;
    if (target < length && Math.abs(this.audio.currentTime - target) > MAX_DRIFT_S) this.audio.currentTime = target;
  };

  HoldTimer.prototype.pause = function () {
    if (this.state !== "running") return;
    this.elapsedMs = this.elapsed() * 1000;
    this.runStart = null;
    this.clearTimers();
    if (this.audio) this.audio.pause();
    this.setState("paused", this.hold.kind === "exercise" ? "Paused. Resume when you're ready."
      : "Paused. Resume when your fingers are back in place.");
    this.env.announce("Timer paused.");
  };

  HoldTimer.prototype.resume = function () {
    if (this.state !== "paused") return;
    var self = this;
    this.runStart = performance.now();
    this.setState("running", this.cues.start || "");
    if (this.soundOn()) {
      this.audio.currentTime = this.countStart + this.elapsedMs / 1000;
      this.playAudio();
    }
    this.ticker = setInterval(function () { self.tick(); }, TICK_MS);
    this.env.announce("Timer resumed.");
  };

  /** Stop for good; `byUser` when the person pressed Stop (the bot is told). */
  HoldTimer.prototype.stop = function (reason, byUser) {
    if (!this.isActive()) return;
    if (this.runStart !== null) this.elapsedMs = this.elapsed() * 1000;
    this.runStart = null;
    this.clearTimers();
    if (this.audio) this.audio.pause();
    this.setState("stopped", reason || "Stopped.");
    this.env.announce("Timer stopped.");
    if (byUser) this.env.onStop(this);
  };

  HoldTimer.prototype.finish = function () {
    this.clearTimers();
    this.runStart = null;
    this.show(0);
    this.setState("done", this.cues.end || "");
    this.env.announce(this.cues.end || "Timer finished.");
    this.env.onFinish(this);
  };

  /** Quieter while a message is being read out, then back in step (it kept playing). */
  HoldTimer.prototype.setMuted = function (muted) {
    if (this.audio) this.audio.muted = muted;
  };

  HoldTimer.prototype.soundChanged = function () {
    if (!this.audio) return;
    if (!this.env.speaker.enabled) this.audio.pause();
    else if (this.state === "running") {
      this.audio.currentTime = this.countStart + this.elapsed();
      this.playAudio();
    }
  };

  /** The bot says this hold is over (`hold_stop`): stop it, whatever state it is in. */
  HoldTimer.prototype.endedByBot = function () {
    if (this.isActive()) this.stop("Timer stopped.");
    else if (this.state === "ready") this.markPast();
  };

  /** A hold from an earlier page view that is over: shown, not run. */
  HoldTimer.prototype.markPast = function () {
    this.show(0);
    this.setState("past", "Finished.");
  };

  HoldTimer.prototype.clearTimers = function () {
    clearInterval(this.ticker);
    clearTimeout(this.cueTimer);
    this.ticker = this.cueTimer = null;
  };

  ns.HoldTimer = HoldTimer;
})(window.ScaleneCoach);
