/*
 * Scalene Coach widget: the progress chart. Pain before and after each session (0-10) as
 * pairs of bars, numbered by session with their dates, and which spots eased. Screen readers get the same
 * numbers as a table; the drawing itself is hidden from them. Built from the bot's
 * `custom.progress` payload (actions/progress.py), as text nodes only.
 */
(function (ns) {
  "use strict";
  var dom = ns.dom;
  var WIDTH = 340;
  var HEIGHT = 170;
  var LEFT = 28;
  var TOP = 10;
  var BOTTOM = 26;
  var PLOT = HEIGHT - TOP - BOTTOM;

  function score(value, max) {
    var n = Number(value);
    return value === null || value === undefined || isNaN(n) ? null : Math.max(0, Math.min(max, n));
  }

  function shortDate(date) {
    var match = /^\d{4}-(\d{2})-(\d{2})$/.exec(String(date || ""));
    return match ? match[2] + "/" + match[1] : String(date || "").slice(0, 10);
  }

  function spotName(key) {
    var parts = String(key).split(":");
    return parts.length === 2 ? parts[0] + " " + parts[1] : String(key);
  }

  function bars(sessions, max) {
    var y = function (v) { return TOP + PLOT - (v / max) * PLOT; };
    var children = [];
    [0, max / 2, max].forEach(function (tick) {
      children.push(dom.svg("line", { class: "sc-progress-grid", x1: LEFT, x2: WIDTH, y1: y(tick), y2: y(tick) }));
      var label = dom.svg("text", { class: "sc-progress-tick", x: LEFT - 6, y: y(tick) + 4, "text-anchor": "end" });
      label.textContent = String(tick);
      children.push(label);
    });
    var slot = (WIDTH - LEFT) / sessions.length;
    var barWidth = Math.min(18, slot / 3);
    sessions.forEach(function (session, index) {
      var centre = LEFT + slot * (index + 0.5);
      [["before", -1], ["after", 1]].forEach(function (pair) {
        var value = score(session[pair[0]], max);
        if (value === null) return;
        var x = pair[1] < 0 ? centre - barWidth - 1 : centre + 1;
        children.push(dom.svg("rect", { class: "sc-progress-bar sc-progress-" + pair[0], x: x, width: barWidth,
          y: y(value), height: Math.max(1, y(0) - y(value)), "data-value": value }));
      });
      var label = dom.svg("text", { class: "sc-progress-tick", x: centre, y: HEIGHT - 8, "text-anchor": "middle" });
      label.textContent = (index + 1) + " · " + shortDate(session.date);
      children.push(label);
    });
    return dom.svg("svg", { class: "sc-progress-chart", viewBox: "0 0 " + WIDTH + " " + HEIGHT, "aria-hidden": "true",
      focusable: "false" }, children);
  }

  function table(sessions) {
    var rows = sessions.map(function (s) {
      return dom.el("tr", {}, [dom.el("th", { scope: "row", text: s.date || "" }),
        dom.el("td", { text: s.before === null ? "not rated" : String(s.before) }),
        dom.el("td", { text: s.after === null ? "not rated" : String(s.after) }),
        dom.el("td", { text: (s.eased || []).map(spotName).join(", ") || (s.released + " of " + s.spots) })]);
    });
    return dom.el("table", { class: "sc-visually-hidden" }, [
      dom.el("caption", { text: "Pain before and after each session, 0 to 10, and the spots that eased" }),
      dom.el("thead", {}, [dom.el("tr", {}, ["Date", "Pain before", "Pain after", "Spots that eased"].map(function (h) {
        return dom.el("th", { scope: "col", text: h });
      }))]),
      dom.el("tbody", {}, rows)]);
  }

  function eased(sessions) {
    var items = sessions.filter(function (s) { return s.eased && s.eased.length; }).map(function (s) {
      return dom.el("li", { text: shortDate(s.date) + ": " + s.eased.map(spotName).join(", ") });
    });
    if (!items.length) return null;
    return dom.el("div", { class: "sc-progress-eased", "aria-hidden": "true" }, [
      dom.el("p", { text: "Spots that eased" }), dom.el("ul", {}, items)]);
  }

  /** The chart for a `custom.progress` payload, or null if it has nothing to show. */
  ns.progressChart = function (progress) {
    if (!progress || !Array.isArray(progress.sessions) || !progress.sessions.length) return null;
    var max = Number(progress.scale_max) > 0 ? Number(progress.scale_max) : 10;
    var sessions = progress.sessions.filter(function (s) { return s && typeof s === "object"; }).map(function (s) {
      return { date: String(s.date || ""), before: score(s.before, max), after: score(s.after, max),
        eased: Array.isArray(s.eased) ? s.eased.map(String) : [], released: Number(s.released) || 0, spots: Number(s.spots) || 0 };
    });
    if (!sessions.length) return null;
    var legend = dom.el("p", { class: "sc-progress-legend", "aria-hidden": "true" }, [
      dom.el("span", { class: "sc-progress-key sc-progress-before" }), "before ",
      dom.el("span", { class: "sc-progress-key sc-progress-after" }), "after (0–10)"]);
    return dom.el("figure", { class: "sc-msg sc-bot sc-progress", "data-sessions": String(sessions.length) }, [
      dom.el("figcaption", { class: "sc-progress-caption", text: "Pain before and after each session" }),
      bars(sessions, max), legend, table(sessions), eased(sessions)]);
  };
})(window.ScaleneCoach);
