/*
 * Scalene Coach chat widget: the loader, the one file a page includes.
 *
 * Embed it with one element and one script tag:
 *   <div id="scalene-coach"></div>
 *   <script src="https://YOUR-SERVER/widget/widget.js" data-target="scalene-coach" defer></script>
 *
 * data-target  id of the element to mount into (default: a new element at the end of <body>)
 * data-open    "true" to start with the chat open
 * data-title   the panel's title (default "Scalene Coach")
 *
 * It loads its stylesheet and parts from the folder it came from, and talks to the server
 * it came from. A page on another origin must be listed in the server's allowed origins.
 */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector('script[src*="/widget/widget.js"]');
  if (!script) return;
  var base = new URL(".", script.src).href;
  var ns = (window.ScaleneCoach = window.ScaleneCoach || {});
  if (ns.loading) return; // included twice: one widget is enough
  ns.loading = true;
  ns.config = {
    base: base,
    server: new URL(script.src).origin,
    socketPath: script.getAttribute("data-socket-path") || "/socket.io",
    target: script.getAttribute("data-target"),
    open: script.getAttribute("data-open") === "true",
    title: script.getAttribute("data-title") || "Scalene Coach",
  };
  var parts = ["vendor/socket.io.min.js", "js/dom.js", "js/speaker.js", "js/hold.js", "js/progress.js", "js/transcript.js", "js/mic.js", "js/chat.js"];
  var pageIo = window.io; // the host page's own socket.io client, if it has one, stays its own

  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = base + "widget.css";
  document.head.appendChild(style);

  function load(index) {
    if (index === parts.length) {
      ns.mount(ns.config);
      return;
    }
    var part = document.createElement("script");
    part.src = base + parts[index];
    part.onload = function () {
      if (index === 0) {
        ns.io = window.io;
        window.io = pageIo;
      }
      load(index + 1);
    };
    part.onerror = function () {
      if (window.console) console.error("Scalene Coach: could not load " + part.src);
    };
    document.head.appendChild(part);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { load(0); });
  } else {
    load(0);
  }
})();
