"use strict";
// The projected board: briefing, dashboard, network (pulses as the round's years play out)
// and debrief, in the game's band colours with each band's symbol and name as well, so no
// one needs to tell colours apart. It only shows; the host page chooses the view.
(() => {
  const { el, money, signed, say } = Thrive;
  const NS = "http://www.w3.org/2000/svg";
  let data = null, shownView = "", shownKey = "", pulseTimer = null, pulsedRound = -1;
  Thrive.connect(() => ({ type: "hello", role: "board", room: Thrive.room }), onMessage,
    (up) => say("state", up ? "" : "Connection lost: reconnecting…", !up));

  function svg(tag, attrs, ...kids) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "text") node.textContent = v; else node.setAttribute(k, v);
    }
    for (const kid of kids) if (kid) node.append(kid);
    return node;
  }
  const arrow = (v) => (signed(v) === "±0" ? "" : v > 0 ? " ▲" : " ▼");
  const band = (id) => data.bands.find((b) => b.id === id) || data.bands[0];
  function chip(id) {
    const b = band(id);
    const c = el("span", { class: "chip band-" + b.id }, b.symbol + " " + b.name);
    c.style.background = b.colour;
    return c;
  }

  function briefing() {
    const b = data.briefing;
    return el("div", { class: "briefing" },
      el("h2", { text: b.over ? b.town + ": the game is over" :
        b.town + ": round " + b.round + " of " + b.rounds }),
      el("p", { class: "lead", text: b.text }),
      el("h3", { text: "This round" }),
      el("ul", { class: "events" }, ...(b.events.length ? b.events.map((e) =>
        el("li", {}, el("strong", { text: e.name + " (year " + e.year + "). " }), e.description)) :
        [el("li", { text: "No events this round." })])),
      el("h3", { text: "The teams" }),
      el("ul", { class: "brief-teams" }, ...b.teams.map((t) => el("li", {},
        el("strong", { text: t.name + " · " + money(t.budget) + " a year" +
                       ((data.ready || []).includes(t.id) ? " · ready ✓" : "") }),
        el("br"), t.objective))));
  }
  function chart(h, w, hgt) {
    const all = h.series.concat(h.baseline);
    let lo = Math.min(...all), hi = Math.max(...all);
    if (hi - lo < 0.5) { lo -= 0.25; hi += 0.25; }
    const n = Math.max(h.series.length - 1, 1);
    const x = (i) => 40 + (i / n) * (w - 50), y = (v) => 10 + (1 - (v - lo) / (hi - lo)) * (hgt - 30);
    const path = (s) => s.map((v, i) => (i ? "L" : "M") + x(i).toFixed(1) + " " + y(v).toFixed(1)).join(" ");
    return svg("svg", { viewBox: "0 0 " + w + " " + hgt, class: "chart", role: "img",
                        "aria-label": h.name + " over the years, with doing nothing dashed" },
      svg("text", { x: 2, y: 18, class: "tick", text: hi.toFixed(1) }),
      svg("text", { x: 2, y: hgt - 20, class: "tick", text: lo.toFixed(1) }),
      svg("path", { d: path(h.baseline), fill: "none", stroke: "#787e85", "stroke-width": 3,
                    "stroke-dasharray": "8 6" }),
      svg("path", { d: path(h.series), fill: "none", stroke: h.colour, "stroke-width": 5 }),
      svg("circle", { cx: x(h.series.length - 1), cy: y(h.series[h.series.length - 1]), r: 8,
                      fill: h.colour }),
      svg("text", { x: 40, y: hgt - 4, class: "tick", text: "year 0" }),
      svg("text", { x: w - 80, y: hgt - 4, class: "tick", text: "year " + (h.series.length - 1) }));
  }
  function dashboard() {
    return el("div", { class: "dashboard" },
      el("div", { class: "cards" }, ...data.headlines.map((h) => {
        const card = el("div", { class: "card" },
          el("h2", { text: h.name }),
          el("p", { class: "score", text: h.score.toFixed(1) }), chip(h.band),
          el("p", { class: h.vs >= 0 ? "up vs" : "down vs",
                    text: signed(h.vs) + arrow(h.vs) + " against doing nothing" }),
          chart(h, 520, 180));
        card.style.borderTopColor = h.colour;
        return card;
      })),
      el("ul", { class: "domains" }, ...data.domains.map((d) => el("li", {},
        el("span", { class: "dname", text: d.name }),
        el("span", { class: "dscore", text: d.score.toFixed(1) }), chip(d.band),
        el("span", { class: d.vs >= 0 ? "up" : "down", text: signed(d.vs) })))));
  }
  function network() {
    const net = data.network, W = 1800, H = 860;
    const cols = net.columns, cw = W / cols.length, pos = {};
    const most = Math.max(...cols.map((c) => c.nodes.length));
    const layer = svg("g", {}), nodes = svg("g", {}), labels = svg("g", {});
    cols.forEach((c, k) => {
      const x = cw * k + cw / 2;
      layer.append(svg("rect", { x: cw * k + 6, y: 4, width: cw - 12, height: H - 8, rx: 10,
                                 fill: "#ffffff", stroke: "#c9ccd0" }));
      const words = c.title.split(" & ");
      const title = svg("text", { x, y: words.length > 1 ? 34 : 50, class: "coltitle",
                                  "text-anchor": "middle" });
      words.forEach((w, i) => title.append(svg("tspan", { x, dy: i ? 30 : 0,
        text: w + (i < words.length - 1 ? " &" : "") })));
      labels.append(title);
      c.nodes.forEach((n, j) => { pos[n] = [x, 110 + (j * (H - 150)) / most]; });
    });
    for (const [s, t, sign] of net.links) {
      if (!pos[s] || !pos[t]) continue;
      const [x1, y1] = pos[s], [x2, y2] = pos[t];
      layer.append(svg("path", { d: "M" + x1 + " " + y1 + " Q" + (x1 + x2) / 2 + " " +
        (Math.min(y1, y2) - 60) + " " + x2 + " " + y2, fill: "none",
        stroke: sign > 0 ? "#c9ccd0" : "#e8c6b0", "stroke-width": 2, class: "link",
        "data-source": s }));
    }
    for (const [n, [x, y]] of Object.entries(pos)) {
      const b = band(net.bands[n]);
      nodes.append(svg("g", { class: "node", id: "node-" + n },
        svg("circle", { cx: x, cy: y, r: 26, fill: b.colour, stroke: "#1d232a", "stroke-width": 2 }),
        svg("text", { x, y: y + 8, "text-anchor": "middle", class: "sym", text: b.symbol }),
        svg("text", { x, y: y + 50, "text-anchor": "middle", class: "nname",
                      text: net.names[n].length > 24 ? net.names[n].slice(0, 23) + "…" : net.names[n] })));
    }
    const year = el("p", { class: "pulse-year", id: "pulse-year" });
    return el("div", { class: "network" }, year,
      svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img",
                   "aria-label": "The ripple network: each node's band, links between" },
        layer, labels, nodes));
  }
  function pulses() {
    const list = data.network.pulses;
    if (!list.length || pulsedRound === data.debrief.played) return;
    pulsedRound = data.debrief.played;
    let k = 0;
    clearInterval(pulseTimer);
    const step = () => {
      if (k >= list.length) { // the round's last year stays on the board
        clearInterval(pulseTimer);
        const label = document.getElementById("pulse-year");
        if (label) label.textContent += " · the round's last year (Network on the host replays)";
        return;
      }
      for (const g of document.querySelectorAll(".node.pulse-up, .node.pulse-down"))
        g.classList.remove("pulse-up", "pulse-down");
      for (const l of document.querySelectorAll(".link.lit")) l.classList.remove("lit");
      const p = list[k];
      const label = document.getElementById("pulse-year");
      const moved = Object.keys(p.moves).length;
      if (label) label.textContent = "Year " + p.year + (moved ?
        ": what the plans moved against doing nothing (blue ring better, orange worse)" :
        ": nothing the plans did shows yet (still building, or too small to see)");
      for (const [n, v] of Object.entries(p.moves)) {
        const g = document.getElementById("node-" + n);
        if (g) g.classList.add(v >= 0 ? "pulse-up" : "pulse-down");
        for (const l of document.querySelectorAll('.link[data-source="' + n + '"]')) l.classList.add("lit");
      }
      k += 1;
    };
    step();
    pulseTimer = setInterval(step, 1800);
  }
  function debrief() {
    const d = data.debrief;
    return el("div", { class: "debrief" },
      el("h2", { text: "Debrief after " + d.played + " round" + (d.played === 1 ? "" : "s") }),
      el("table", {},
        el("thead", {}, el("tr", {}, ...["", "Start", "Now", "Doing nothing", "Against doing nothing"]
          .map((t) => el("th", { scope: "col", text: t })))),
        el("tbody", {}, ...d.headlines.map((h) => el("tr", {},
          el("th", { scope: "row", text: h.name }), el("td", { text: h.start.toFixed(2) }),
          el("td", { text: h.end.toFixed(2) }), el("td", { text: h.baseline.toFixed(2) }),
          el("td", { class: h.vs >= 0 ? "up" : "down", text: signed(h.vs) }))))),
      el("ul", { class: "sentences" }, ...d.sentences.map((s) => el("li", { text: s }))),
      el("ul", { class: "rounds" }, ...d.rounds.map((r) => el("li", {
        text: "Round " + r.round + ": " + money(r.funded) + " a year funded, " + r.shared +
              " co-funded" + (r.events.length ? "; events: " + r.events.join(", ") : "") }))));
  }
  function render() {
    const views = { briefing, dashboard, network, debrief };
    const b = data.briefing;
    document.getElementById("title").textContent = b.town;
    document.getElementById("round").textContent = b.over ? "Game over" :
      "Round " + b.round + " of " + b.rounds + " · year " + b.year;
    const entering = shownView !== data.view;
    const shown = data.view + ":" + data.debrief.played;
    // the network keeps playing its pulses through updates that do not change it
    if (data.view === "network" && shown === shownKey) return;
    shownKey = shown;
    document.getElementById("view").replaceChildren((views[data.view] || briefing)());
    document.body.dataset.view = data.view;
    shownView = data.view;
    if (data.view === "network") {
      if (entering) pulsedRound = -1; // pulses again each time the board turns to the network
      pulses();
    }
  }
  function clock(state) {
    const t = document.getElementById("timer");
    t.textContent = state.busy ? (state.job || "Working") + "…" : state.paused ? "Paused" :
      state.timer === null ? "" : (state.locked ? "Plans locked " : "") + Thrive.clock(state.timer);
  }
  function onMessage(m) {
    if (m.type === "board") { data = m; render(); clock(m); }
    else if (m.type === "clock") clock(m);
  }
})();
