/* plg_charts.js: the few charts of the PLG report, drawn as inline SVG with no library.
 *
 * Inlined into target/report/plg_report.html by scripts/build_report.py, next to
 * the data (a JSON <script id="plg-data">). Opening the file needs no network.
 * Every chart is drawn by one function of (container, data); each runs inside
 * try/catch so one broken chart cannot hide the others. When done the body gets
 *   data-charts-expected  how many charts the page has
 *   data-charts-rendered  how many drew without error
 *   data-js-errors        how many script errors the page saw (listed in #js-errors)
 * which is what the headless-browser test reads (errors: see error_collector.js).
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
                 "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
  // errors go through the collector error_collector.js installs in <head>
  function recordError(message) {
    if (window.__plgRecordError) {
      window.__plgRecordError(message);
    } else {
      throw new Error(message);
    }
  }

  // ---------------------------------------------------------------- helpers
  function el(tag, attrs, parent, text) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function tip(node, text) { el("title", {}, node, text); return node; }

  function svgRoot(container, width, height, label) {
    var svg = el("svg", {
      "class": "chart", viewBox: "0 0 " + width + " " + height, width: width, height: height,
      role: "img", "aria-label": label, preserveAspectRatio: "xMinYMin meet"
    });
    container.appendChild(svg);
    return svg;
  }

  function fmtInt(v) { return v === null || v === undefined ? "–" : Math.round(v).toLocaleString("en-US"); }
  function fmtPct(v) { return v === null || v === undefined ? "–" : (v * 100).toFixed(0) + "%"; }
  function fmtUsd(v) {
    if (v === null || v === undefined) { return "–"; }
    var sign = v < 0 ? "-" : "";
    var a = Math.abs(v);
    if (a >= 1e6) { return sign + "$" + (a / 1e6).toFixed(1) + "M"; }
    if (a >= 1e4) { return sign + "$" + (a / 1e3).toFixed(0) + "k"; }
    if (a >= 1e3) { return sign + "$" + (a / 1e3).toFixed(1) + "k"; }
    return sign + "$" + a.toFixed(0);
  }
  function fmtMinutes(v) {
    if (v === null || v === undefined) { return "–"; }
    if (v < 60) { return v.toFixed(0) + " min"; }
    if (v < 1440) { return (v / 60).toFixed(1) + " h"; }
    return (v / 1440).toFixed(1) + " d";
  }

  // Axis range with round ticks (about four steps of 1, 2, 2.5 or 5 x 10^k) covering lo..hi.
  function niceRange(lo, hi) {
    lo = Math.min(lo, 0); hi = Math.max(hi, 0);
    if (hi - lo <= 0) { hi = lo + 1; }
    var raw = (hi - lo) / 4, exp = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / exp;
    var step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * exp;
    return {lo: Math.floor(lo / step + 1e-9) * step, hi: Math.ceil(hi / step - 1e-9) * step, step: step};
  }

  // Drawing width in CSS pixels: the container's, so text keeps its size whatever the layout.
  function widthOf(container) {
    var w = Math.floor(container.getBoundingClientRect().width);
    return Math.max(360, w || 760);
  }

  function unique(values) {
    var seen = {}, out = [];
    values.forEach(function (v) { if (!seen[v]) { seen[v] = true; out.push(v); } });
    return out;
  }

  function emptyNote(container, text) {
    var p = document.createElement("p");
    p.className = "empty";
    p.textContent = text;
    container.appendChild(p);
  }

  function legend(container, names, colors) {
    var box = document.createElement("div");
    box.className = "legend";
    names.forEach(function (name, i) {
      var item = document.createElement("span");
      var swatch = document.createElement("i");
      swatch.style.background = colors[i];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(name));
      box.appendChild(item);
    });
    container.appendChild(box);
  }

  // Linear y axis with gridlines at round values; returns a value -> y function.
  function yAxis(svg, x0, x1, yTop, yBottom, range, fmt) {
    var scale = function (v) { return yBottom - (v - range.lo) / (range.hi - range.lo) * (yBottom - yTop); };
    for (var v = range.lo; v <= range.hi + range.step / 2; v += range.step) {
      var y = scale(v), zero = Math.abs(v) < range.step / 1e6;
      el("line", {x1: x0, x2: x1, y1: y, y2: y, "class": zero ? "axis zero" : "grid"}, svg);
      el("text", {x: x0 - 6, y: y + 4, "text-anchor": "end", "class": "tick"}, svg, fmt(zero ? 0 : v));
    }
    return scale;
  }

  // A category label under a bar group, rotated when the slot is too narrow for it.
  function categoryLabel(svg, x, y, slot, text) {
    if (String(text).length * 6.2 + 4 <= slot) {
      return el("text", {x: x, y: y, "text-anchor": "middle", "class": "tick"}, svg, text);
    }
    return el("text", {x: x, y: y - 4, "text-anchor": "end", "class": "tick",
                       transform: "rotate(-35 " + x + " " + (y - 4) + ")"}, svg, text);
  }

  // ---------------------------------------------------------------- charts
  // Funnel: per acquisition channel, signups -> activated -> retained d30 (horizontal bars).
  function funnelByChannel(container, data) {
    var byChannel = {};
    data.funnel.forEach(function (r) {
      var c = byChannel[r.acquisition_channel] || (byChannel[r.acquisition_channel] = {signups: 0, activated: 0, retained: 0});
      c.signups += r.signups; c.activated += r.activated_users; c.retained += r.retained_d30_users || 0;
    });
    var channels = Object.keys(byChannel).sort(function (a, b) { return byChannel[b].signups - byChannel[a].signups; });
    if (!channels.length) { emptyNote(container, "No signups."); return; }
    var stages = [["signups", "Signups"], ["activated", "Activated"], ["retained", "Retained d30"]];
    var colors = ["#c6d4e6", "#4e79a7", "#2b4a6f"];
    var rowH = 3 * 14 + 14, left = 110, width = widthOf(container), right = 90, top = 10;
    var height = top + channels.length * rowH + 10;
    var svg = svgRoot(container, width, height, "Activation funnel by acquisition channel");
    var max = niceRange(0, Math.max.apply(null, channels.map(function (c) { return byChannel[c].signups; }))).hi;
    var scale = function (v) { return (width - left - right) * v / max; };
    channels.forEach(function (channel, i) {
      var y = top + i * rowH, c = byChannel[channel];
      el("text", {x: left - 8, y: y + 24, "text-anchor": "end", "class": "label"}, svg, channel);
      stages.forEach(function (stage, j) {
        var v = c[stage[0]];
        var bar = el("rect", {x: left, y: y + j * 14, width: Math.max(scale(v), 1), height: 12, fill: colors[j]}, svg);
        tip(bar, channel + " · " + stage[1] + ": " + fmtInt(v));
        var note = fmtInt(v) + (j === 0 ? "" : " (" + fmtPct(c.signups ? v / c.signups : null) + ")");
        el("text", {x: left + scale(v) + 5, y: y + j * 14 + 10, "class": "value"}, svg, note);
      });
    });
    legend(container, stages.map(function (s) { return s[1]; }), colors);
  }

  // Heatmap: rows x columns of values with a color scale; used for weekly activation and cohort NRR.
  function heatmap(container, spec) {
    if (!spec.rows.length || !spec.cols.length) { emptyNote(container, spec.empty); return; }
    var left = spec.left || 110;
    var cellW = Math.max(30, Math.min(90, (widthOf(container) - left - 10) / spec.cols.length)), cellH = 22;
    var longest = Math.max.apply(null, spec.cols.map(function (c) { return String(spec.colLabel(c)).length; }));
    var rotate = longest * 6.2 + 6 > cellW;
    var top = rotate ? 30 + Math.ceil(longest * 6.2 * 0.64) : 46;
    var width = left + spec.cols.length * cellW + 10, height = top + spec.rows.length * cellH + 10;
    var svg = svgRoot(container, width, height, spec.label);
    el("text", {x: left, y: 12, "class": "axis-title"}, svg, spec.colTitle);
    spec.cols.forEach(function (col, j) {
      var cx = left + j * cellW + cellW / 2;
      if (rotate) {
        el("text", {x: cx, y: top - 6, "text-anchor": "start", "class": "tick",
                    transform: "rotate(-40 " + cx + " " + (top - 6) + ")"}, svg, spec.colLabel(col));
      } else {
        el("text", {x: cx, y: top - 8, "text-anchor": "middle", "class": "tick"}, svg, spec.colLabel(col));
      }
    });
    spec.rows.forEach(function (row, i) {
      el("text", {x: left - 6, y: top + i * cellH + 15, "text-anchor": "end", "class": "tick"}, svg, spec.rowLabel(row));
      spec.cols.forEach(function (col, j) {
        var cell = spec.value(row, col);
        if (!cell) { return; }
        var rect = el("rect", {x: left + j * cellW + 1, y: top + i * cellH + 1, width: cellW - 2, height: cellH - 2,
                               fill: spec.color(cell.v), rx: 2, "class": "cell"}, svg);
        tip(rect, spec.tooltip(row, col, cell));
        el("text", {x: left + j * cellW + cellW / 2, y: top + i * cellH + 15, "text-anchor": "middle",
                    "class": "cell-text" + (spec.dark(cell.v) ? " on-dark" : "")}, svg, spec.fmt(cell.v));
      });
    });
  }

  function blues(v) {  // 0..1 -> light to dark blue
    var t = Math.max(0, Math.min(1, v === null ? 0 : v));
    var r = Math.round(235 - t * (235 - 33)), g = Math.round(243 - t * (243 - 102)), b = Math.round(251 - t * (251 - 172));
    return "rgb(" + r + "," + g + "," + b + ")";
  }

  function retentionColor(v) {  // < 1 red, 1 neutral, > 1 green (capped at 0 and 2)
    if (v === null) { return "#eeeeee"; }
    var t = Math.max(-1, Math.min(1, v - 1));
    if (t < 0) { var a = -t; return "rgb(" + Math.round(247 - a * 30) + "," + Math.round(247 - a * 160) + "," + Math.round(247 - a * 160) + ")"; }
    return "rgb(" + Math.round(247 - t * 200) + "," + Math.round(247 - t * 90) + "," + Math.round(247 - t * 180) + ")";
  }

  function activationHeatmap(container, data) {
    var rows = unique(data.funnel.map(function (r) { return r.signup_week; })).sort();
    var cols = unique(data.funnel.map(function (r) { return r.acquisition_channel; })).sort();
    var index = {};
    data.funnel.forEach(function (r) { index[r.signup_week + "|" + r.acquisition_channel] = r; });
    heatmap(container, {
      rows: rows, cols: cols, label: "Activation rate by signup week and channel", empty: "No signups.",
      colTitle: "acquisition channel →", rowLabel: function (w) { return "wk " + w; }, colLabel: function (c) { return c; },
      left: 100,
      value: function (w, c) { var r = index[w + "|" + c]; return r ? {v: r.activation_rate, r: r} : null; },
      color: blues, dark: function (v) { return v > 0.55; }, fmt: fmtPct,
      tooltip: function (w, c, cell) {
        return "week of " + w + " · " + c + ": " + cell.r.activated_users + " of " + cell.r.signups + " activated (" + fmtPct(cell.v) + ")";
      }
    });
  }

  function ttfvHistogram(container, data) {
    var buckets = data.ttfv.buckets;
    if (!data.ttfv.users_with_value) { emptyNote(container, "No user reached first value yet."); return; }
    var left = 40, width = widthOf(container), height = 262, bottom = 200, top = 16;
    var svg = svgRoot(container, width, height, "Time to first value distribution");
    var y = yAxis(svg, left, width - 10, top, bottom, niceRange(0, Math.max.apply(null, buckets.map(function (b) { return b.users; }))), fmtInt);
    var slot = (width - left - 10) / buckets.length;
    buckets.forEach(function (b, i) {
      var x = left + i * slot + 6;
      var bar = el("rect", {x: x, y: y(b.users), width: Math.max(slot - 12, 2), height: bottom - y(b.users),
                            fill: b.within_window ? PALETTE[0] : "#bab0ac"}, svg);
      tip(bar, b.label + ": " + b.users + " users");
      el("text", {x: x + (slot - 12) / 2, y: y(b.users) - 4, "text-anchor": "middle", "class": "value"}, svg, b.users);
      el("text", {x: x + (slot - 12) / 2, y: bottom + 16, "text-anchor": "middle", "class": "tick"}, svg, b.label);
    });
    el("text", {x: left, y: height - 22, "class": "note"}, svg,
       "median " + fmtMinutes(data.ttfv.median_minutes) + " over " + data.ttfv.users_with_value + " users with a first value;");
    el("text", {x: left, y: height - 6, "class": "note"}, svg,
       "grey: first value after the " + data.ttfv.window_days + "-day activation window (not activated)");
  }

  function pqaTable(container, data) {
    var rows = data.pqa;
    if (!rows.length) { emptyNote(container, "No product-qualified accounts today."); return; }
    var table = document.createElement("table");
    table.className = "pqa";
    var head = table.createTHead().insertRow();
    ["Account", "Route", "Intent", "Score", "Active devs", "API req. 30d", "Contact", "Qualified since", "Why"].forEach(function (h) {
      var th = document.createElement("th"); th.textContent = h; head.appendChild(th);
    });
    var body = table.createTBody();
    rows.forEach(function (r) {
      var tr = body.insertRow();
      var cells = [
        (r.account_name || r.account_id) + (r.org_domain ? " (" + r.org_domain + ")" : ""),
        r.route, r.intent_tier, r.signal_score === null ? "–" : r.signal_score.toFixed(1), fmtInt(r.active_users_30d),
        fmtInt(r.api_requests_30d),
        [r.contact_email, r.contact_persona].filter(Boolean).join(" · ") || "–",
        r.first_qualified_at ? r.first_qualified_at.slice(0, 10) : "–", r.reason
      ];
      cells.forEach(function (text, i) {
        var td = tr.insertCell();
        td.textContent = text === null || text === undefined ? "–" : String(text);
        if (i === 1) { td.className = "route route-" + r.route; }
        if (i === 2) { td.className = "tier tier-" + r.intent_tier; }
      });
    });
    container.appendChild(table);
  }

  function mrrBridge(container, data) {
    var months = data.mrr_bridge;
    if (!months.length) { emptyNote(container, "No paying accounts yet."); return; }
    var parts = [["new", "New", PALETTE[0]], ["expansion", "Expansion", PALETTE[2]], ["reactivation", "Reactivation", PALETTE[4]],
                 ["contraction", "Contraction", PALETTE[1]], ["churn", "Churn", PALETTE[3]]];
    var left = 64, width = widthOf(container), height = 290, top = 16, bottom = 240;
    var svg = svgRoot(container, width, height, "MRR bridge by month");
    var hi = 0, lo = 0;
    months.forEach(function (m) {
      var pos = 0, neg = 0;
      parts.forEach(function (p) { var v = m[p[0]] || 0; if (v >= 0) { pos += v; } else { neg += v; } });
      hi = Math.max(hi, pos, m.mrr); lo = Math.min(lo, neg);
    });
    var y = yAxis(svg, left, width - 10, top, bottom, niceRange(lo, hi), fmtUsd);
    var slot = (width - left - 10) / months.length, barW = Math.max(2, Math.min(46, slot * 0.6));
    var line = [];
    months.forEach(function (m, i) {
      var x = left + i * slot + (slot - barW) / 2, pos = 0, neg = 0;
      parts.forEach(function (p) {
        var v = m[p[0]] || 0;
        if (!v) { return; }
        var from = v >= 0 ? pos : neg, to = from + v;
        if (v >= 0) { pos = to; } else { neg = to; }
        var rect = el("rect", {x: x, y: y(Math.max(from, to)), width: barW, height: Math.abs(y(from) - y(to)), fill: p[2]}, svg);
        tip(rect, m.month + " · " + p[1] + ": " + fmtUsd(v));
      });
      line.push([x + barW / 2, y(m.mrr)]);
      if (months.length <= 24 || i % Math.ceil(months.length / 24) === 0) {
        el("text", {x: x + barW / 2, y: bottom + 16, "text-anchor": "middle", "class": "tick"}, svg, m.month.slice(0, 7));
      }
    });
    el("polyline", {points: line.map(function (p) { return p.join(","); }).join(" "), "class": "mrr-line"}, svg);
    line.forEach(function (p, i) {
      tip(el("circle", {cx: p[0], cy: p[1], r: 3.5, "class": "mrr-dot"}, svg), months[i].month + " · MRR " + fmtUsd(months[i].mrr));
    });
    el("text", {x: left, y: height - 4, "class": "note"}, svg,
       "bars: MRR movements of the month (negative below zero); line: month-end MRR, latest " + fmtUsd(months[months.length - 1].mrr));
    legend(container, parts.map(function (p) { return p[1]; }).concat(["Month-end MRR"]),
           parts.map(function (p) { return p[2]; }).concat(["#222"]));
  }

  function cohortHeatmap(container, data) {
    var cells = data.cohorts.filter(function (r) { return r.net_revenue_retention !== null; });
    var rows = unique(cells.map(function (r) { return r.cohort_month; })).sort();
    var maxAge = Math.max.apply(null, [0].concat(cells.map(function (r) { return r.months_since_creation; })));
    var cols = [];
    for (var k = 0; k <= maxAge; k++) { cols.push(k); }
    var index = {};
    cells.forEach(function (r) { index[r.cohort_month + "|" + r.months_since_creation] = r; });
    heatmap(container, {
      rows: rows, cols: cols, label: "Net revenue retention by cohort", empty: "No cohort has paying accounts yet.",
      colTitle: "months since account creation →", rowLabel: function (m) { return m.slice(0, 7); },
      colLabel: function (k) { return "+" + k; }, left: 70,
      value: function (m, k) { var r = index[m + "|" + k]; return r ? {v: r.net_revenue_retention, r: r} : null; },
      color: retentionColor, dark: function (v) { return v > 1.6 || v < 0.3; }, fmt: fmtPct,
      tooltip: function (m, k, cell) {
        return "cohort " + m.slice(0, 7) + ", month +" + k + ": NRR " + fmtPct(cell.v) + " (MRR " + fmtUsd(cell.r.mrr_usd) + ", " +
               cell.r.paying_accounts + " paying of " + cell.r.cohort_accounts + ")";
      }
    });
  }

  function channelCredit(container, data) {
    var rows = data.channel_credit;
    if (!rows.length) { emptyNote(container, "No conversions yet."); return; }
    var models = data.attribution_models;
    var totals = {};
    rows.forEach(function (r) { totals[r.channel] = (totals[r.channel] || 0) + r.credited_revenue_usd; });
    var channels = Object.keys(totals).sort(function (a, b) { return totals[b] - totals[a]; });
    var index = {};
    rows.forEach(function (r) { index[r.channel + "|" + r.attribution_model] = r; });
    var left = 64, width = widthOf(container), top = 16, bottom = 230;
    var longest = Math.max.apply(null, channels.map(function (c) { return c.length; }));
    var height = bottom + 30 + ((width - left - 10) / channels.length < longest * 6.2 + 4 ? Math.ceil(longest * 6.2 * 0.6) : 0);
    var svg = svgRoot(container, width, height, "Credited revenue by channel and attribution model");
    var y = yAxis(svg, left, width - 10, top, bottom,
                  niceRange(0, Math.max.apply(null, rows.map(function (r) { return r.credited_revenue_usd; }))), fmtUsd);
    var slot = (width - left - 10) / channels.length, barW = Math.max(2, Math.min(18, (slot - 10) / models.length));
    channels.forEach(function (channel, i) {
      var x0 = left + i * slot + (slot - barW * models.length) / 2;
      models.forEach(function (model, j) {
        var r = index[channel + "|" + model];
        var v = r ? r.credited_revenue_usd : 0;
        var rect = el("rect", {x: x0 + j * barW, y: y(v), width: barW - 1, height: Math.max(bottom - y(v), 0), fill: PALETTE[j]}, svg);
        tip(rect, channel + " · " + model + ": " + fmtUsd(v) + " (" + (r ? r.credited_conversions.toFixed(2) : "0") + " conversions)");
      });
      categoryLabel(svg, left + i * slot + slot / 2, bottom + 16, slot, channel);
    });
    legend(container, models, PALETTE.slice(0, models.length));
  }

  var CHARTS = {
    "funnel-by-channel": funnelByChannel,
    "activation-heatmap": activationHeatmap,
    "ttfv-histogram": ttfvHistogram,
    "pqa-call-list": pqaTable,
    "mrr-bridge": mrrBridge,
    "cohort-nrr": cohortHeatmap,
    "channel-credit": channelCredit
  };

  function renderAll() {
    var data = JSON.parse(document.getElementById("plg-data").textContent);
    var containers = document.querySelectorAll("[data-chart]");
    var rendered = 0;
    document.body.setAttribute("data-charts-expected", String(containers.length));
    Array.prototype.forEach.call(containers, function (container) {
      var name = container.getAttribute("data-chart");
      try {
        if (!CHARTS[name]) { throw new Error("unknown chart " + name); }
        CHARTS[name](container, data);
        container.setAttribute("data-rendered", "true");
        rendered += 1;
      } catch (err) {
        container.setAttribute("data-rendered", "false");
        recordError(name + ": " + (err && err.message ? err.message : err));
      }
    });
    document.body.setAttribute("data-charts-rendered", String(rendered));
    if (window.__plgSyncErrors) { window.__plgSyncErrors(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
