/*
 * Scalene Coach widget: the chat. Builds the launcher and the panel, talks to the server over
 * Rasa's socketio protocol with a persistent session (its id kept in localStorage; the
 * history fetched again from the server after a reload) and ties together the transcript,
 * speech and hold timers.
 */
(function (ns) {
  "use strict";
  var dom = ns.dom;
  var el = dom.el;
  var Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  var TYPING_MAX_MS = 30000;
  var TYPING_AFTER_MESSAGE_MS = 1500; // servers that don't say when a turn ends
  var HISTORY_WAIT_MS = 8000; // servers without a history: start afresh
  var count = 0;

  function Chat(config, root) {
    var self = this;
    this.config = config;
    this.sessionId = dom.storage.get("session");
    this.confirmed = false;
    this.historyLoaded = false;
    this.greeted = false;
    this.audioByText = {};
    this.hold = null;
    this.speaker = new ns.Speaker(function (busy) { if (self.hold) self.hold.setMuted(busy); });
    this.build(root);
    this.transcript = new ns.Transcript(this.log, {
      speaker: this.speaker,
      onReply: function (payload, title) {
        self.send(payload, { shown: title });
        self.input.focus();
      },
    });
    this.connect();
    if (config.open) this.open();
  }

  Chat.prototype.build = function (root) {
    var self = this;
    var id = "scalene-coach-" + ++count;
    this.launcher = el("button", { type: "button", class: "sc-launcher", "aria-expanded": "false",
      "aria-controls": id, onclick: function () { if (self.panel.hidden) self.open(); else self.close(); } },
      [dom.icon("chat"), el("span", { text: "Ask " + this.config.title })]);
    this.status = el("p", { class: "sc-status", text: "Connecting…" });
    this.speakButton = el("button", { type: "button", class: "sc-speak", "aria-pressed": String(this.speaker.enabled),
      title: "Read replies aloud", onclick: function () { self.toggleSpeech(); } }, [dom.icon("speaker"), "Speak replies"]);
    var closeButton = el("button", { type: "button", class: "sc-close", "aria-label": "Close the chat",
      onclick: function () { self.close(); } }, ["×"]);
    // New messages are read out; changes inside them (the hold's countdown) are not.
    this.log = el("div", { class: "sc-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
      "aria-label": "Conversation", tabindex: "0" });
    this.typing = el("div", { class: "sc-typing", hidden: true }, [
      el("span", { class: "sc-dot", "aria-hidden": "true" }), el("span", { class: "sc-dot", "aria-hidden": "true" }),
      el("span", { class: "sc-dot", "aria-hidden": "true" }), el("span", { class: "sc-visually-hidden", text: "Scalene Coach is typing" })]);
    this.announcer = el("p", { class: "sc-visually-hidden sc-announcer", "aria-live": "assertive" });
    this.input = el("input", { type: "text", id: id + "-input", class: "sc-input", autocomplete: "off", maxlength: "500",
      placeholder: "Ask a question, or say “guide me”", "aria-label": "Your message" });
    // Hands-free through the server's own offline recogniser (mic.js); the browser's recognition otherwise.
    this.handsFree = ns.HandsFree && ns.HandsFree.supported ? new ns.HandsFree(this) : null;
    this.micButton = this.handsFree || Recognition ? el("button", { type: "button", class: "sc-mic", "aria-pressed": "false",
      "aria-label": this.handsFree ? "Hands-free: answer by voice" : "Say your message", title: "Answer by voice",
      onclick: function () { if (self.handsFree) self.handsFree.toggle(); else self.listen(); } }, [dom.icon("mic")]) : null;
    var form = el("form", { class: "sc-form", onsubmit: function (event) {
      event.preventDefault();
      if (self.send(self.input.value)) self.input.value = "";
    } }, [this.input, this.micButton, el("button", { type: "submit", class: "sc-send", text: "Send" })]);
    this.panel = el("section", { class: "sc-panel", id: id, "aria-label": this.config.title + " chat", hidden: true }, [
      el("header", { class: "sc-header" }, [
        el("div", { class: "sc-heading" }, [el("h2", { class: "sc-title", text: this.config.title }), this.status]),
        this.speakButton, closeButton]),
      this.log, this.typing, this.announcer, form,
      el("p", { class: "sc-footnote", text: "Self-care guidance, not a diagnosis. In an emergency call 999, 911 or 112." }),
      this.speaker.audio]);
    this.panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        self.close();
        self.launcher.focus();
      }
    });
    root.classList.add("sc-root");
    root.appendChild(this.launcher);
    root.appendChild(this.panel);
    this.root = root;
  };

  Chat.prototype.open = function () {
    this.panel.hidden = false;
    this.launcher.setAttribute("aria-expanded", "true");
    this.root.setAttribute("data-open", "true");
    this.transcript.scroll();
    this.input.focus();
    this.greetOnce();
  };

  Chat.prototype.close = function () {
    this.panel.hidden = true;
    this.launcher.setAttribute("aria-expanded", "false");
    this.root.setAttribute("data-open", "false");
  };

  Chat.prototype.connect = function () {
    var self = this;
    var socket = (this.socket = ns.io(this.config.server, { path: this.config.socketPath }));
    socket.on("connect", function () {
      self.setStatus("Connecting…");
      socket.emit("session_request", { session_id: self.sessionId });
    });
    socket.on("session_confirm", function (confirmed) {
      var sessionId = confirmed && typeof confirmed === "object" ? confirmed.session_id : confirmed;
      if (typeof sessionId !== "string" || !sessionId) return;
      self.sessionId = sessionId;
      dom.storage.set("session", sessionId);
      self.confirmed = true;
      self.setStatus("Online");
      if (!self.historyLoaded) {
        socket.emit("history_request", {});
        setTimeout(function () { self.showHistory(null); }, HISTORY_WAIT_MS);
      }
    });
    socket.on("history", function (history) { self.showHistory(history); });
    socket.on("bot_audio", function (said) { if (said && typeof said.text === "string") self.audioByText[said.text] = said.audio; });
    socket.on("bot_uttered", function (message) { self.receive(message); });
    socket.on("bot_turn_end", function () { self.turnEnded(); });
    socket.on("disconnect", function () {
      self.confirmed = false;
      self.setStatus("Reconnecting…");
    });
    socket.on("connect_error", function () { self.setStatus("Can't reach Scalene Coach. Trying again…"); });
  };

  /** The conversation so far (after a reload), once per page view. A hold still runs only if
   *  no later `hold_stop` names it (README "The hold contract"): that one can be started again. */
  Chat.prototype.showHistory = function (history) {
    if (this.historyLoaded) return;
    this.historyLoaded = true;
    var entries = history && Array.isArray(history.entries) ? history.entries : [];
    var self = this;
    var timer = null;
    entries.forEach(function (entry) {
      if (entry && entry.from === "user") self.transcript.addUser(String(entry.text || ""));
      else if (entry && entry.from === "bot") {
        var hold = self.transcript.addBot(entry.message, entry.audio);
        var stop = holdStopOf(entry.message);
        if (hold) {
          if (timer) timer.markPast();
          timer = self.showHold(hold, false);
        } else if (stop && timer && stop.id === timer.id) {
          timer.markPast();
        }
      }
    });
    if (entries.length) {
      this.greeted = true;
      this.transcript.retireReplies();
      this.transcript.reviveLatestReplies();
    }
    this.greetOnce();
  };

  Chat.prototype.greetOnce = function () {
    if (this.panel.hidden || !this.confirmed || !this.historyLoaded || this.greeted) return;
    this.greeted = true;
    this.send("/greet", { hidden: true });
  };

  /** Sends a message; `shown` is what the person sees they said, `hidden` shows nothing. */
  Chat.prototype.send = function (payload, options) {
    options = options || {};
    payload = String(payload || "").trim();
    if (!payload) return false;
    if (!this.confirmed) {
      this.transcript.addNotice("Not connected yet. Please try again in a moment.");
      return false;
    }
    var metadata = {};
    if (options.hidden) metadata.hidden = true;
    else {
      this.speaker.stop(); // a new question: stop reading out the old answer
      this.transcript.addUser(options.shown || payload);
      if (options.shown) metadata.shown = options.shown;
    }
    this.transcript.retireReplies();
    this.socket.emit("user_uttered", { message: payload, session_id: this.sessionId, metadata: metadata });
    if (this.handsFree) this.handsFree.sent(); // the microphone rests during the assistant's turn
    this.setTyping(true, TYPING_MAX_MS);
    return true;
  };

  Chat.prototype.receive = function (message) {
    if (!message || typeof message !== "object") return;
    var audio = typeof message.text === "string" ? this.audioByText[message.text] : null;
    if (audio) delete this.audioByText[message.text];
    var hold = this.transcript.addBot(message, audio);
    if (audio) this.speaker.enqueue(audio);
    if (hold) this.showHold(hold, true);
    var stop = holdStopOf(message);
    if (stop && this.hold && this.hold.id === stop.id) this.hold.endedByBot();
    this.setTyping(true, TYPING_AFTER_MESSAGE_MS);
  };

  /** `{id, reason}` when the bot says a hold is over (pause, pulse, hurts, red_flag, stop, ...). */
  function holdStopOf(message) {
    var custom = message && message.custom;
    var stop = custom && typeof custom === "object" ? custom.hold_stop : null;
    return stop && typeof stop === "object" && typeof stop.id === "string" ? stop : null;
  }

  Chat.prototype.showHold = function (hold, live) {
    var self = this;
    if (this.hold) this.hold.stop("A new timer started.");
    if (hold.audio) hold.audio = ns.audioUrl(hold.audio); // compressed where the browser plays it
    var timer = new ns.HoldTimer(hold, {
      speaker: this.speaker,
      announce: function (text) { self.announce(text); },
      onFinish: function (finished) {
        if (finished === self.hold && typeof hold.finish_payload === "string") self.send(hold.finish_payload, { hidden: true });
      },
      onStop: function () { self.send("/pause", { shown: "Stop the timer" }); },
    });
    this.hold = timer;
    this.transcript.addHold(timer);
    if (live) timer.begin();
    return timer;
  };

  /** The bot has answered (holds start and stop with its `hold` and `hold_stop` messages). */
  Chat.prototype.turnEnded = function () {
    this.setTyping(false);
    if (this.handsFree) this.handsFree.turnEnded();
  };

  Chat.prototype.setTyping = function (on, hideAfterMs) {
    var self = this;
    clearTimeout(this.typingTimer);
    this.typing.hidden = !on;
    if (on) this.typingTimer = setTimeout(function () { self.typing.hidden = true; }, hideAfterMs);
  };

  Chat.prototype.toggleSpeech = function () {
    this.speaker.setEnabled(!this.speaker.enabled);
    this.speakButton.setAttribute("aria-pressed", String(this.speaker.enabled));
    if (this.hold) this.hold.soundChanged();
    this.announce(this.speaker.enabled ? "Replies will be read aloud." : "Replies will not be read aloud.");
  };

  /** Browser speech recognition, where the browser has it; typing always works. */
  Chat.prototype.listen = function () {
    var self = this;
    if (this.recognition) return this.recognition.stop();
    var recognition = (this.recognition = new Recognition());
    recognition.lang = "en-US";
    recognition.interimResults = false;
    recognition.onresult = function (event) { self.send(event.results[0][0].transcript); };
    recognition.onerror = function () { self.announce("Sorry, I didn't catch that. You can type instead."); };
    recognition.onend = function () {
      self.recognition = null;
      self.micButton.setAttribute("aria-pressed", "false");
    };
    this.micButton.setAttribute("aria-pressed", "true");
    recognition.start();
  };

  Chat.prototype.setStatus = function (text) { this.status.textContent = text; };

  Chat.prototype.announce = function (text) {
    var announcer = this.announcer;
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = text; }, 50); // the same words twice are still read
  };

  ns.mount = function (config) {
    var root = config.target ? document.getElementById(config.target) : null;
    if (!root) {
      root = el("div");
      document.body.appendChild(root);
    }
    ns.chat = new Chat(config, root);
  };
})(window.ScaleneCoach);
