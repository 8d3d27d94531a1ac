/*
 * Scalene Coach widget: hands-free by voice, offline. The microphone's audio goes over the
 * widget's own socket to the server's recogniser (pocketsphinx with the session's command
 * grammar, a VAD and rejection of anything that is not a command); no cloud service, and it
 * works in every browser with a microphone.
 *
 * Half-duplex: the microphone is open only while the assistant waits for the person — not
 * while it speaks or works on a turn — so it never hears itself. During a hold it listens on,
 * and only the stopping phrases ("stop", "pause", "it hurts", "I feel a pulse", "I feel dizzy",
 * "help") act; the countdown's own numbers are not commands. Hands-free mode stays on for the
 * whole session until switched off.
 */
(function (ns) {
  "use strict";
  var RATE = 16000;
  var CHUNK_SAMPLES = 1600; // 0.1 s per message
  var AudioContextClass = window.AudioContext || window.webkitAudioContext;

  function HandsFree(chat) {
    this.chat = chat;
    this.on = false;
    this.waiting = false; // a message was sent: the assistant's turn
    this.opening = null;
    this.capture = null;
  }

  HandsFree.supported = !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && AudioContextClass);

  HandsFree.prototype.toggle = function () {
    if (this.on) this.stop();
    else this.start();
  };

  HandsFree.prototype.start = function () {
    var self = this;
    if (!this.attached) {
      this.attached = true;
      this.chat.socket.on("voice_heard", function (result) { self.heard(result || {}); });
    }
    this.on = true;
    this.chat.micButton.setAttribute("aria-pressed", "true");
    this.chat.announce("Hands-free is on: I'm listening when I'm not speaking.");
    this.resume();
  };

  HandsFree.prototype.stop = function () {
    this.on = false;
    this.close();
    this.chat.micButton.setAttribute("aria-pressed", "false");
    this.chat.announce("Hands-free is off.");
  };

  /** Listen again once the assistant has finished speaking (unless it is still on its turn). */
  HandsFree.prototype.resume = function () {
    var self = this;
    if (!this.on || this.waiting) return;
    this.chat.speaker.whenIdle(120000).then(function () {
      if (self.on && !self.waiting) self.open();
    });
  };

  HandsFree.prototype.sent = function () {
    this.waiting = true;
    this.close();
  };

  HandsFree.prototype.turnEnded = function () {
    this.waiting = false;
    this.resume();
  };

  HandsFree.prototype.holdActive = function () {
    return !!(this.chat.hold && this.chat.hold.isActive());
  };

  HandsFree.prototype.heard = function (result) {
    if (!this.on || !this.capture) return;
    var holding = this.holdActive();
    // Mid-hold only the stopping phrases count, even one heard too faintly to be an answer.
    var acts = holding ? result.interrupts : !result.rejected;
    if (acts && typeof result.message === "string") {
      this.chat.send(result.message, { shown: result.phrase });
    } else if (!holding && result.ask_again !== false) {
      this.chat.transcript.addNotice("Sorry, say that again?");
      this.chat.announce("Sorry, say that again?");
    }
  };

  HandsFree.prototype.open = function () {
    var self = this;
    if (this.capture || this.opening) return;
    this.opening = navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: false, autoGainControl: true },
    }).then(function (stream) {
      self.opening = null;
      if (!self.on || self.waiting) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        return;
      }
      self.capture = new Capture(stream, function (chunk) { self.chat.socket.emit("voice_audio", chunk); });
      self.chat.socket.emit("voice_reset", {});
      self.chat.micButton.setAttribute("data-listening", "true");
    }, function () {
      self.opening = null;
      self.stop();
      self.chat.transcript.addNotice("The microphone is not available. You can type instead.");
    });
  };

  HandsFree.prototype.close = function () {
    if (this.capture) this.capture.close();
    this.capture = null;
    this.chat.micButton.setAttribute("data-listening", "false");
  };

  /** Microphone audio as 16 kHz 16-bit PCM chunks (averaged down from the device's rate). */
  function Capture(stream, send) {
    var context = (this.context = new AudioContextClass());
    var source = context.createMediaStreamSource(stream);
    var processor = context.createScriptProcessor(4096, 1, 1);
    var step = context.sampleRate / RATE;
    var pending = [];
    var position = 0;
    var carry = new Float32Array(0);
    this.stream = stream;
    processor.onaudioprocess = function (event) {
      var input = event.inputBuffer.getChannelData(0);
      var samples = new Float32Array(carry.length + input.length);
      samples.set(carry);
      samples.set(input, carry.length);
      for (; position + step <= samples.length; position += step) {
        var from = Math.floor(position);
        var to = Math.max(from + 1, Math.floor(position + step));
        var sum = 0;
        for (var i = from; i < to; i++) sum += samples[i];
        pending.push(Math.max(-1, Math.min(1, sum / (to - from))));
      }
      var kept = Math.floor(position);
      carry = samples.slice(kept);
      position -= kept;
      while (pending.length >= CHUNK_SAMPLES) {
        var chunk = new Int16Array(pending.splice(0, CHUNK_SAMPLES).map(function (v) { return Math.round(v * 32767); }));
        send(chunk.buffer);
      }
    };
    source.connect(processor);
    processor.connect(context.destination); // a processor runs only when connected (it outputs silence)
    this.nodes = [source, processor];
  }

  Capture.prototype.close = function () {
    this.nodes.forEach(function (node) { node.disconnect(); });
    this.stream.getTracks().forEach(function (track) { track.stop(); });
    this.context.close();
  };

  ns.HandsFree = HandsFree;
})(window.ScaleneCoach);
