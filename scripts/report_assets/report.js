/* report.js: the interactive parts of the PLG report (inlined by scripts/build_report.py).
 *
 * Charts are Vega-Lite specs built in Python with Altair and drawn here by
 * vega-embed (bundled into the page by vl-convert; `ast: true` evaluates Vega
 * expressions without eval, so the page's CSP needs no 'unsafe-eval').
 * Tables are rows + column definitions, drawn here with a search box, a select
 * per filter column and sortable headers.
 *
 * Filters can be preset from the URL fragment, e.g.
 *   plg_report.html#channel=organic_search&pqa-call-list.route=sales&pqa-call-list.q=acme
 * which sets the controls and fires their `change`/`input` events (the same path
 * as a click). When done, body[data-charts-rendered] counts the charts and tables
 * that drew; errors go to error_collector.js.
 */
(function () {
  "use strict";

  var page = JSON.parse(document.getElementById("plg-data").textContent);
  var rendered = 0;
  var chartViews = {};  // chart key -> Vega view

  function recordError(message) {
    if (window.__plgRecordError) { window.__plgRecordError(message); } else { throw new Error(message); }
  }

  function markRendered(container) {
    container.setAttribute("data-rendered", "true");
    rendered += 1;
    document.body.setAttribute("data-charts-rendered", String(rendered));
  }

  function el(tag, attrs, parent, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  // ---------------------------------------------------------------- formatting
  function fmt(value, kind) {
    if (value === null || value === undefined || value === "") { return "–"; }
    switch (kind) {
      case "int": return Math.round(value).toLocaleString("en-US");
      case "usd": return "$" + Number(value).toLocaleString("en-US", {maximumFractionDigits: 0});
      case "pct": return (value * 100).toFixed(0) + "%";
      case "num": return Number(value).toLocaleString("en-US", {maximumFractionDigits: 1});
      case "date": return String(value).slice(0, 10);
      case "bool": return value ? "yes" : "no";
      default: return String(value);
    }
  }

  // ---------------------------------------------------------------- tables
  function drawTable(container, spec) {
    var state = {q: "", sortKey: spec.sort_key, sortDesc: spec.sort_desc, filters: {}};
    var controls = el("div", {"class": "controls"}, container);
    var search = el("input", {type: "search", placeholder: "Search " + spec.search_label,
                              "aria-label": "search", "data-control": "q"}, controls);
    search.addEventListener("input", function () { state.q = search.value.trim().toLowerCase(); draw(); });
    spec.filters.forEach(function (f) {
      var label = el("label", {}, controls, f.label + " ");
      var select = el("select", {"data-control": f.key}, label);
      el("option", {value: ""}, select, "all");
      var values = spec.rows.map(function (r) { return r[f.key]; })
        .filter(function (v, i, a) { return v !== null && v !== undefined && a.indexOf(v) === i; }).sort();
      values.forEach(function (v) { el("option", {value: String(v)}, select, String(v)); });
      select.addEventListener("change", function () { state.filters[f.key] = select.value; draw(); });
    });
    var count = el("span", {"class": "row-count"}, controls);
    var table = el("table", {"class": "data-table " + spec.css_class}, container);
    var thead = el("thead", {}, table);
    var headRow = el("tr", {}, thead);
    var tbody = el("tbody", {}, table);
    spec.columns.forEach(function (c) {
      var th = el("th", {"data-key": c.key, title: c.about || ""}, headRow, c.label);
      th.addEventListener("click", function () {
        state.sortDesc = state.sortKey === c.key ? !state.sortDesc : c.kind !== "text";
        state.sortKey = c.key;
        draw();
      });
    });

    function visible(row) {
      var ok = Object.keys(state.filters).every(function (k) {
        return !state.filters[k] || String(row[k]) === state.filters[k];
      });
      if (!ok || !state.q) { return ok; }
      return spec.search_keys.some(function (k) {
        return row[k] !== null && row[k] !== undefined && String(row[k]).toLowerCase().indexOf(state.q) >= 0;
      });
    }

    function compare(a, b) {
      var x = a[state.sortKey], y = b[state.sortKey];
      if (x === y) { return 0; }
      if (x === null || x === undefined) { return 1; }
      if (y === null || y === undefined) { return -1; }
      var order = x < y ? -1 : 1;
      return state.sortDesc ? -order : order;
    }

    function draw() {
      var rows = spec.rows.filter(visible).sort(compare);
      while (tbody.firstChild) { tbody.removeChild(tbody.firstChild); }
      rows.forEach(function (row) {
        var tr = el("tr", {"data-row": "1"}, tbody);
        spec.columns.forEach(function (c) {
          var cls = c.css ? c.css + " " + c.css + "-" + String(row[c.key]) : "";
          el("td", cls ? {"class": cls} : {}, tr, fmt(row[c.key], c.kind));
        });
      });
      if (!rows.length) { el("td", {colspan: String(spec.columns.length), "class": "empty"}, el("tr", {}, tbody), "no rows"); }
      Array.prototype.forEach.call(headRow.children, function (th) {
        th.className = th.getAttribute("data-key") === state.sortKey ? (state.sortDesc ? "sorted desc" : "sorted asc") : "";
      });
      count.textContent = rows.length + " of " + spec.rows.length + " rows";
      table.setAttribute("data-rows-shown", String(rows.length));
    }

    draw();
    markRendered(container);
  }

  // ---------------------------------------------------------------- charts
  function drawChart(container, spec) {
    return window.vegaEmbed(container, spec, {renderer: "svg", actions: false, ast: true})
      .then(function (result) {
        chartViews[container.getAttribute("data-chart")] = result.view;
        markRendered(container);
      })
      .catch(function (err) { recordError("chart " + container.getAttribute("data-chart") + ": " + err); });
  }

  // one <select> drives a Vega signal in every chart of its group (e.g. the channel of the activation charts)
  function wireSignalFilter(select) {
    var signal = select.getAttribute("data-signal");
    var group = select.getAttribute("data-group");
    select.addEventListener("change", function () {
      Object.keys(page.chart_groups).forEach(function (key) {
        if (page.chart_groups[key] === group && chartViews[key]) {
          chartViews[key].signal(signal, select.value).runAsync();
        }
      });
      document.body.setAttribute("data-" + signal, select.value);
    });
  }

  // ---------------------------------------------------------------- URL fragment presets
  function applyFragment() {
    var hash = window.location.hash.replace(/^#/, "");
    if (!hash) { return; }
    hash.split("&").forEach(function (pair) {
      var parts = pair.split("=");
      var name = decodeURIComponent(parts[0]), value = decodeURIComponent(parts[1] || "");
      var control;
      if (name.indexOf(".") >= 0) {
        var scope = document.querySelector('[data-chart="' + name.split(".")[0] + '"]');
        control = scope && scope.querySelector('[data-control="' + name.split(".")[1] + '"]');
      } else {
        control = document.querySelector('select[data-signal="' + name + '"]');
      }
      if (!control) { recordError("unknown filter in URL: " + name); return; }
      control.value = value;
      control.dispatchEvent(new Event(control.tagName === "INPUT" ? "input" : "change"));
    });
  }

  var pending = [];
  document.querySelectorAll("[data-chart]").forEach(function (container) {
    var key = container.getAttribute("data-chart");
    try {
      if (page.tables[key]) {
        drawTable(container, page.tables[key]);
      } else if (page.charts[key]) {
        pending.push(drawChart(container, page.charts[key]));
      } else {
        recordError("no data for " + key);
      }
    } catch (err) {
      recordError(key + ": " + err);
    }
  });
  document.querySelectorAll("select[data-signal]").forEach(wireSignalFilter);
  Promise.all(pending).then(applyFragment).catch(function (err) { recordError("filters: " + err); });
})();
