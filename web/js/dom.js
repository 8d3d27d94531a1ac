/*
 * Scalene Coach widget: small DOM and storage helpers.
 * Everything user- or bot-written goes into the page as text (textContent), never as markup.
 */
(function (ns) {
  "use strict";
  var SVG_NS = "http://www.w3.org/2000/svg";

  function setAttributes(node, attrs) {
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = String(value);
      else if (name === "class") node.setAttribute("class", value);
      else if (name.indexOf("on") === 0) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    });
  }

  /** An element with attributes (`text` sets its text, `onclick` etc. add listeners) and children. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    setAttributes(node, attrs);
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function svg(tag, attrs, children) {
    var node = document.createElementNS(SVG_NS, tag);
    setAttributes(node, attrs);
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  // Icons as paths (emoji fonts are missing on many systems).
  var ICONS = {
    chat: [["M4 4h16v12H8l-4 4z", ""]],
    speaker: [["M3 9v6h4l5 4V5L7 9z", ""], ["M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12", "sc-icon-waves"],
      ["M16 9l5 6M21 9l-5 6", "sc-icon-slash"]],
    mic: [["M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3z", ""],
      ["M6 11a6 6 0 0 0 12 0M12 17v4M9 21h6", "sc-icon-line"]],
  };

  /** A decorative icon (hidden from screen readers: its button has a label). */
  function icon(name) {
    return svg("svg", { class: "sc-icon", viewBox: "0 0 24 24", "aria-hidden": "true", focusable: "false" },
      ICONS[name].map(function (path) { return svg("path", { d: path[0], class: path[1] || "sc-icon-fill" }); }));
  }

  /** localStorage that fails quietly (private modes, blocked storage): the chat still works. */
  var PREFIX = "scalene-coach:";
  var storage = {
    get: function (key) {
      try { return window.localStorage.getItem(PREFIX + key); } catch (e) { return null; }
    },
    set: function (key, value) {
      try { window.localStorage.setItem(PREFIX + key, value); } catch (e) { /* not remembered */ }
    },
  };

  function prefersReducedMotion() {
    return !!(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  /** An absolute URL on the widget's server for a path the server sent ("/widget/img/..."). */
  function serverUrl(path) {
    try {
      var url = new URL(path, ns.config.server);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  ns.dom = { el: el, svg: svg, icon: icon, storage: storage, prefersReducedMotion: prefersReducedMotion, serverUrl: serverUrl };
})(window.ScaleneCoach);
