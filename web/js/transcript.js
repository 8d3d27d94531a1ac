/*
 * Scalene Coach widget: the conversation as the person sees it. Renders Rasa's socketio
 * message format (text, quick_replies or buttons, image attachments, custom payloads) as
 * text nodes, buttons and pictures; a listen button on every message that has audio.
 */
(function (ns) {
  "use strict";
  var dom = ns.dom;
  // The project's drawings, described for people who can't see them.
  var IMAGE_ALT = {
    "scalenes-where.svg": "Drawing: the side of the neck. The big diagonal muscle runs from behind the ear to the collarbone; the scalenes lie behind it, above the collarbone. Spot 1 is a third of the way down the side of the neck, spot 2 is halfway down the side of the neck, and spot 3 is just above the collarbone, all behind the big diagonal muscle.",
    "pulse-avoid.svg": "Drawing: front of the neck. The carotid pulse lies in front of the big diagonal muscle: don't press there. Just above the collarbone there may be another pulse, the subclavian artery. Feel a pulse? Slide away from it and press lighter. The front of the throat is off-limits. Work on the side, behind the muscle, one side at a time, never both.",
    "referral-map.svg": "Drawing: the upper body from behind. Tight scalenes on the side of the neck may send pain to a knot by the inner edge of the shoulder blade, and tingling to the wrist, thumb and index finger.",
    "exercise-chin-tuck.svg": "Drawing: chin tuck from the side. Sitting or standing with eyes level, the head glides straight back into a double chin. Lying on the back with a small rolled towel under the neck, the chin nods toward the throat while the back of the head stays down.",
    "exercise-shoulder-squeeze.svg": "Drawing: the upper back from behind. Arrows show both shoulder blades drawn gently back toward the spine and down; the work is felt low between the shoulder blades.",
    "exercise-angel.svg": "Drawing: wall angel from the front. Back to a wall, elbows bent like a goal-post, elbows and wrists touching the wall; the arms slide up a little, then draw down with the shoulder blades down and back. Hands stay low, lower if the arm tingles.",
    "exercise-chest-opener.svg": "Drawing: chest opener. In a doorway, forearm on the frame with the elbow at shoulder height or lower, leaning gently through. Lying on the back: arms by the sides, then in a T, then a goal-post. Ease off if the arm or hand tingles.",
    "exercise-y-raise.svg": "Drawing: face-down Y raise from the side. Lying face down with a pillow under the chest and a towel under the forehead, the arms in a Y with thumbs up lift a few centimetres; the lower back stays flat.",
  };

  /** env: {speaker, onReply(payload, title)} */
  function Transcript(log, env) {
    this.log = log;
    this.env = env;
  }

  Transcript.prototype.scroll = function () {
    this.log.scrollTop = this.log.scrollHeight;
  };

  Transcript.prototype.add = function (node) {
    this.log.appendChild(node);
    this.scroll();
    return node;
  };

  Transcript.prototype.clear = function () {
    while (this.log.firstChild) this.log.removeChild(this.log.firstChild);
  };

  Transcript.prototype.addUser = function (text) {
    return this.add(dom.el("div", { class: "sc-msg sc-user" }, [
      dom.el("span", { class: "sc-visually-hidden", text: "You said: " }),
      dom.el("p", { class: "sc-text", text: text }),
    ]));
  };

  Transcript.prototype.addNotice = function (text) {
    return this.add(dom.el("p", { class: "sc-notice", text: text }));
  };

  /** One bot message; returns its hold payload, if it carries one. */
  Transcript.prototype.addBot = function (message, audioUrl) {
    message = message || {};
    if (typeof message.text === "string" && message.text) this.addBotText(message.text, audioUrl);
    var replies = message.quick_replies || message.buttons;
    if (Array.isArray(replies) && replies.length) this.addReplies(replies);
    var attachment = message.attachment;
    if (attachment && attachment.type === "image" && attachment.payload) this.addImage(attachment.payload.src);
    if (typeof message.image === "string") this.addImage(message.image);
    var custom = message.custom;
    if (custom && typeof custom === "object") this.addExtras(custom);
    return custom && typeof custom === "object" && custom.hold && typeof custom.hold === "object" ? custom.hold : null;
  };

  Transcript.prototype.addBotText = function (text, audioUrl) {
    var speaker = this.env.speaker;
    var listen = audioUrl ? dom.el("button", {
      type: "button", class: "sc-listen", title: "Listen", "aria-label": "Listen to this message",
      onclick: function () { speaker.playNow(audioUrl); },
    }, [dom.icon("speaker")]) : null;
    return this.add(dom.el("div", { class: "sc-msg sc-bot" }, [
      dom.el("span", { class: "sc-visually-hidden", text: "Scalene Coach: " }),
      dom.el("p", { class: "sc-text", text: text }),
      listen,
    ]));
  };

  Transcript.prototype.addReplies = function (replies) {
    var env = this.env;
    var group = dom.el("div", { class: "sc-replies", role: "group", "aria-label": "Suggested answers" });
    replies.forEach(function (reply) {
      if (!reply || typeof reply.title !== "string" || typeof reply.payload !== "string") return;
      group.appendChild(dom.el("button", { type: "button", class: "sc-reply", text: reply.title,
        onclick: function () { env.onReply(reply.payload, reply.title); } }));
    });
    return this.add(group);
  };

  Transcript.prototype.addImage = function (src) {
    var url = dom.serverUrl(src);
    if (!url) return null;
    var name = url.split("/").pop().split("?")[0];
    var alt = IMAGE_ALT[name] || "Picture from Scalene Coach";
    var image = dom.el("img", { class: "sc-image", src: url, alt: alt, loading: "lazy" });
    var self = this;
    image.addEventListener("load", function () { self.scroll(); });
    return this.add(dom.el("figure", { class: "sc-msg sc-bot sc-figure" }, [
      dom.el("a", { href: url, target: "_blank", rel: "noopener noreferrer", title: "Open the picture full size" }, [image]),
    ]));
  };

  /** Payloads beyond text and holds: a progress chart (js/progress.js), document links. */
  Transcript.prototype.addExtras = function (custom) {
    var chart = custom.progress && ns.progressChart ? ns.progressChart(custom.progress) : null;
    if (chart) this.add(chart);
    if (Array.isArray(custom.documents)) this.addDocuments(custom.documents);
  };

  Transcript.prototype.addDocuments = function (documents) {
    var links = documents.map(function (doc) {
      var url = doc && typeof doc.title === "string" ? dom.serverUrl(doc.url) : null;
      return url ? dom.el("li", {}, [dom.el("a", { class: "sc-doc-link", href: url, target: "_blank",
        rel: "noopener noreferrer", type: typeof doc.type === "string" ? doc.type : null, text: doc.title })]) : null;
    }).filter(Boolean);
    return links.length ? this.add(dom.el("ul", { class: "sc-msg sc-bot sc-docs" }, links)) : null;
  };

  Transcript.prototype.addHold = function (timer) {
    return this.add(dom.el("div", { class: "sc-msg sc-bot sc-hold-msg" }, [timer.node]));
  };

  /** Answered questions keep their buttons, but only the newest ones can be pressed. */
  Transcript.prototype.retireReplies = function () {
    var buttons = this.log.querySelectorAll(".sc-reply");
    for (var i = 0; i < buttons.length; i++) buttons[i].disabled = true;
  };

  /** After a reload: the buttons the bot offered since the person last spoke work again. */
  Transcript.prototype.reviveLatestReplies = function () {
    for (var node = this.log.lastElementChild; node && !node.classList.contains("sc-user"); node = node.previousElementSibling) {
      var buttons = node.querySelectorAll(".sc-reply");
      for (var i = 0; i < buttons.length; i++) buttons[i].disabled = false;
    }
  };

  ns.Transcript = Transcript;
})(window.ScaleneCoach);
