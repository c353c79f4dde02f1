// The dashboard page: one EventSource on /api/stream. The first message is the full state, then one
// conflated delta per push interval. On a drop the browser reconnects by itself and the server sends
// the full state again, so the page never has to ask for anything else. Plain DOM and a hand-made SVG
// line per symbol: no library, nothing downloaded.
var Dashboard = (function () {
  "use strict";

  var only = null;             // the symbol of a detail page, or null for all
  var symbols = {};            // symbol -> {samples: [[sec, price]], view}
  var chartCap = 900;          // samples kept per chart; grows to what the full state holds

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function fmt(n, digits) {
    if (n === null || n === undefined) { return "–"; }
    return Number(n).toLocaleString(undefined, {minimumFractionDigits: digits, maximumFractionDigits: digits});
  }

  function time(ts) {
    return ts ? new Date(ts).toLocaleTimeString() : "–";
  }

  function shown(symbol) {
    return only === null || only === symbol;
  }

  // ---- symbols and charts --------------------------------------------------------------

  function card(symbol) {
    var existing = document.querySelector('.symbol[data-symbol="' + CSS.escape(symbol) + '"]');
    if (existing) { return existing; }
    var c = el("div", {"class": "symbol", "data-symbol": symbol});
    var title = el("div");
    var name = el("span", {"class": "name"});
    name.appendChild(el("a", {href: "/symbols/" + encodeURIComponent(symbol)}, symbol));
    title.appendChild(name);
    title.appendChild(el("span", {"class": "price"}, "–"));
    c.appendChild(title);
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", "chart");
    svg.setAttribute("viewBox", "0 0 300 70");
    svg.setAttribute("preserveAspectRatio", "none");
    svg.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "polyline"));
    c.appendChild(svg);
    c.appendChild(el("div", {"class": "meta"}, ""));
    document.getElementById("symbols").appendChild(c);
    return c;
  }

  function applySymbol(view, full) {
    if (!shown(view.symbol)) { return; }
    var s = symbols[view.symbol] || (symbols[view.symbol] = {samples: []});
    if (full) {
      s.samples = view.samples.slice();
      chartCap = Math.max(chartCap, s.samples.length);
    } else {
      Array.prototype.push.apply(s.samples, view.samples);
      if (s.samples.length > chartCap) { s.samples.splice(0, s.samples.length - chartCap); }
    }
    var c = card(view.symbol);
    c.querySelector(".price").textContent = view.price === null ? "–" : fmt(view.price, 2);
    c.querySelector(".meta").textContent = fmt(view.ticks_per_second, 0) + " ticks/s · last tick " + time(view.last_tick_ts);
    draw(c.querySelector("polyline"), s.samples, view.price);
  }

  // a polyline over the samples plus the live price; y scaled to the visible range
  function draw(line, samples, live) {
    var pts = samples.map(function (p) { return p[1]; });
    if (live !== null && live !== undefined) { pts.push(live); }
    if (pts.length < 2) { line.setAttribute("points", ""); return; }
    var lo = Math.min.apply(null, pts), hi = Math.max.apply(null, pts);
    var span = hi - lo || 1;
    var out = pts.map(function (p, i) {
      return (i * 300 / (pts.length - 1)).toFixed(1) + "," + (66 - (p - lo) * 62 / span).toFixed(1);
    });
    line.setAttribute("points", out.join(" "));
  }

  // ---- windows ---------------------------------------------------------------------------

  function applyWindow(row) {
    if (!shown(row.symbol)) { return; }
    var body = document.querySelector("#windows tbody");
    var selector = 'tr.window-row[data-symbol="' + CSS.escape(row.symbol) + '"][data-window="' + CSS.escape(row.window) + '"]';
    var tr = body.querySelector(selector);
    if (!tr) {
      tr = el("tr", {"class": "window-row", "data-symbol": row.symbol, "data-window": row.window});
      ["symbol", "window", "window-end", "moving-avg", "volatility", "volume", "tick-count"].forEach(function (k) {
        tr.appendChild(el("td", {"class": k}));
      });
      body.appendChild(tr);
      sortRows(body);
    }
    tr.querySelector(".symbol").textContent = row.symbol;
    tr.querySelector(".window").textContent = row.window;
    tr.querySelector(".window-end").textContent = new Date(row.window_end).toLocaleString();
    tr.querySelector(".moving-avg").textContent = fmt(row.moving_avg, 2);
    tr.querySelector(".volatility").textContent = fmt(row.volatility, 4);
    tr.querySelector(".volume").textContent = fmt(row.volume, 0);
    tr.querySelector(".tick-count").textContent = fmt(row.tick_count, 0);
  }

  function sortRows(body) {
    Array.prototype.slice.call(body.children).sort(function (a, b) {
      var ka = a.getAttribute("data-symbol") + "|" + (a.getAttribute("data-window") || "");
      var kb = b.getAttribute("data-symbol") + "|" + (b.getAttribute("data-window") || "");
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    }).forEach(function (tr) { body.appendChild(tr); });
  }

  // ---- daily -----------------------------------------------------------------------------

  function applyDaily(daily) {
    var status = document.getElementById("daily-status");
    if (daily.status === "unavailable") {
      status.textContent = "daily metrics unavailable: " + daily.reason;
    } else if (daily.status === "pending") {
      status.textContent = "daily metrics: not read yet";
    } else {
      status.textContent = "daily metrics read " + time(daily.refreshed_at);
    }
    var body = document.querySelector("#daily tbody");
    body.textContent = "";
    daily.rows.filter(function (r) { return shown(r.symbol); }).forEach(function (r) {
      var tr = el("tr", {"class": "daily-row", "data-symbol": r.symbol});
      [r.symbol, r.trade_date, fmt(r.daily_open, 2), fmt(r.daily_high, 2), fmt(r.daily_low, 2), fmt(r.daily_close, 2),
        fmt(r.daily_volume, 0), fmt(r.pct_change, 2)].forEach(function (v) { tr.appendChild(el("td", {}, v)); });
      body.appendChild(tr);
    });
  }

  // ---- health and staleness ------------------------------------------------------------

  function applyHealth(h) {
    var box = document.getElementById("health");
    box.textContent = "";
    var dl = el("dl");
    function item(id, label, value, cls) {
      dl.appendChild(el("dt", {}, label));
      dl.appendChild(el("dd", {id: id, "class": cls || ""}, value));
    }
    item("health-kafka", "Kafka", h.kafka + (h.kafka_reason ? " — " + h.kafka_reason : ""), "status-" + h.kafka);
    item("health-ticks", "ticks/s in", fmt(h.ticks_per_second, 0));
    item("health-lake-writer-lag", "lake-writer lag", (h.lake_writer_lag === null ? "unknown" : fmt(h.lake_writer_lag, 0))
      + " (" + h.lake_writer_lag_note + ")");
    item("health-dashboard-lag", "dashboard lag", h.dashboard_lag === null ? "unknown" : fmt(h.dashboard_lag, 0));
    item("health-last-window", "last window closed", h.last_window_end ? new Date(h.last_window_end).toLocaleString() : "none yet");
    item("health-unreadable", "unreadable records", "ticks " + h.invalid_ticks + ", windows " + h.invalid_windows);
    box.appendChild(dl);
    var ul = el("ul", {id: "services"});
    h.services.forEach(function (s) {
      var li = el("li", {"class": "service", "data-service": s.name});
      li.appendChild(el("span", {"class": "name"}, s.name + " "));
      li.appendChild(el("span", {"class": "status status-" + s.status}, s.status));
      if (s.reason) { li.appendChild(el("span", {"class": "reason"}, " — " + s.reason)); }
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  function applyStale(staleSince) {
    var banner = document.getElementById("stale-banner");
    if (staleSince) {
      banner.textContent = "stale since " + new Date(staleSince).toLocaleString() + " — no ticks arriving";
      banner.setAttribute("data-stale-since", staleSince);
      banner.hidden = false;
    } else {
      banner.hidden = true;
      banner.removeAttribute("data-stale-since");
    }
  }

  function apply(message) {
    var full = message.type === "full";
    if (full) {
      document.getElementById("symbols").textContent = "";
      document.querySelector("#windows tbody").textContent = "";
      symbols = {};
    }
    message.symbols.forEach(function (v) { applySymbol(v, full); });
    message.windows.forEach(applyWindow);
    if (message.daily) { applyDaily(message.daily); }
    applyHealth(message.health);
    applyStale(message.stale_since);
  }

  function connected(live) {
    var c = document.getElementById("connection");
    c.textContent = live ? "live" : "disconnected";
    c.className = live ? "connection live" : "connection";
    document.getElementById("disconnected-banner").hidden = live;
  }

  function start(options) {
    only = options.symbol || null;
    var source = new EventSource("/api/stream");
    source.onmessage = function (event) {
      connected(true);
      apply(JSON.parse(event.data));
    };
    source.onerror = function () { connected(false); };
  }

  return {start: start};
})();
