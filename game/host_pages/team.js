"use strict";
// A team's page: one device of a team (several may join one team and see the same draft).
// Every change is sent to the host, which checks it and sends the team's plan back to every
// device of the team; the page shows only what the host says, so a reload loses nothing.
(() => {
  const { el, money, pounds, signed, say } = Thrive;
  const team = Thrive.params.get("team") || "";
  const key = "thrive-token-" + Thrive.room + "-" + team;
  let token = localStorage.getItem(key);
  let info = null, view = null, seq = 0, link = null;
  const inputs = {};

  async function join() {
    const reply = await fetch("/api/join", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ room: Thrive.room, team }),
    });
    const data = await reply.json();
    if (!reply.ok) { say("state", data.refused || "could not join", true); return false; }
    token = data.token;
    localStorage.setItem(key, token);
    return true;
  }
  function send(message) {
    seq += 1;
    const ok = link.send({ ...message, token, team, seq });
    if (!ok) say("state", "Not connected: reconnecting…", true);
  }
  const mine = () => (info ? info.interventions.filter((i) => i.funders.includes(team)) : []);
  const name = (t) => (info && info.teams[t] ? info.teams[t].short : t);

  function build() {
    const box = document.getElementById("items");
    const t = info.teams[team];
    document.getElementById("team-name").textContent = t ? t.name : team;
    document.title = (t ? t.short : team) + ": Thriving Places";
    box.replaceChildren();
    for (const item of mine()) {
      const id = "amount-" + item.id;
      const input = el("input", { id, type: "number", min: "0", step: "1000", inputmode: "numeric",
                                  value: "0", "aria-describedby": "range-" + item.id });
      input.addEventListener("change", () => {
        const v = Number(input.value);
        if (!Number.isFinite(v) || v < 0) { say("state", "Type pounds, 0 or more.", true); return; }
        send({ type: "set", intervention: item.id, pounds: v });
      });
      inputs[item.id] = input;
      const partners = info.interventions.find((i) => i.id === item.id).funders
        .filter((f) => f !== team && info.teams[f]);
      let offer = null;
      if (partners.length) {
        const who = el("select", { id: "offer-to-" + item.id },
          ...partners.map((p) => el("option", { value: p, text: name(p) })));
        const much = el("input", { id: "offer-pounds-" + item.id, type: "number", min: "1",
                                   step: "1000", inputmode: "numeric",
                                   value: String(Math.round(item.cost / 2)) });
        offer = el("div", { class: "offer-row" },
          el("label", { for: "offer-to-" + item.id, text: "Ask" }), who,
          el("label", { for: "offer-pounds-" + item.id, text: "to put in" }), much,
          el("button", { type: "button", text: "Send offer", onclick: () => {
            const v = Number(much.value);
            if (!Number.isFinite(v) || v < 1) { say("state", "Offer at least £1.", true); return; }
            send({ type: "offer", to: who.value, intervention: item.id, pounds: v });
          } }));
      }
      box.append(el("article", { class: "item panel", id: "item-" + item.id },
        el("h3", { text: item.name }),
        el("p", { class: "words", text: item.language[team] || item.description }),
        el("p", { class: "facts" },
          el("span", { text: "Standard package " + money(item.cost) + " a year" }),
          el("span", { text: item.build_years ? "takes " + item.build_years + " year" +
                       (item.build_years > 1 ? "s" : "") + " to build" : "starts at once" }),
          el("span", { class: "evidence " + item.evidence, text: "evidence: " + item.evidence })),
        el("div", { class: "amount" },
          el("label", { for: id, text: "Our pounds a year for " + item.name }), input,
          el("span", { id: "range-" + item.id, class: "range",
                       text: "runs on " + money(item.least) + " to " + money(item.most) +
                             " in all" })),
        el("p", { class: "shared", id: "shared-" + item.id, "aria-live": "polite" }),
        offer));
    }
  }

  function render() {
    if (!view || !info) return;
    const budget = info.budgets[team] || 0;
    const spent = Object.values(view.drafts[team] || {}).reduce((a, b) => a + b, 0);
    document.getElementById("round").textContent = info.over ? "The game is over" :
      "Round " + info.round + " of " + info.rounds + " · year " + info.year;
    document.getElementById("budget").textContent =
      pounds(budget - spent) + " left of " + pounds(budget);
    const ready = document.getElementById("ready");
    const isReady = view.ready.includes(team);
    ready.setAttribute("aria-pressed", String(isReady));
    ready.textContent = isReady ? "Ready ✓ (press to change)" : "We are ready";
    const blocked = view.busy || view.paused || view.locked || info.over;
    for (const b of document.querySelectorAll("main button, main input, main select"))
      b.disabled = blocked;
    for (const item of mine()) {
      const input = inputs[item.id];
      const ours = (view.drafts[team] || {})[item.id] || 0;
      if (document.activeElement !== input) input.value = String(ours);
      const funders = Object.entries(view.drafts)
        .filter(([, d]) => (d[item.id] || 0) > 0).map(([t, d]) => [t, d[item.id]]);
      const total = funders.reduce((a, [, v]) => a + v, 0);
      const others = funders.filter(([t]) => t !== team);
      let text = total ? "In all " + money(total) + " a year. " : "";
      if (others.length)
        text += "With " + others.map(([t, v]) => name(t) + " " + money(v)).join(", ") + ". ";
      if (funders.length >= 2)
        text += "Partnership bonus: +" + Math.round(info.bonus * 100) + "% effect.";
      else if (ours > 0)
        text += "Another team joining in earns +" + Math.round(info.bonus * 100) + "%.";
      document.getElementById("shared-" + item.id).textContent = text;
    }
    const problems = document.getElementById("problems");
    problems.replaceChildren(...(view.problems || []).map((p) => el("li", { text: p })));
    const offers = document.getElementById("offers");
    const rows = (view.offers || []).filter((o) => o.status !== "withdrawn").map((o) => {
      const item = info.interventions.find((i) => i.id === o.intervention);
      const what = money(o.pounds) + " a year into " + (item ? item.name : o.intervention);
      if (o.target === team && o.status === "open") {
        return el("li", { class: "incoming" },
          el("span", { text: name(o.source) + " asks you to put " + what +
                       " (both funding it: +" + Math.round(info.bonus * 100) + "% effect)." }),
          el("button", { type: "button", class: "primary", text: "Accept",
                         "aria-label": "Accept " + name(o.source) + "'s offer: " + what,
                         onclick: () => send({ type: "answer", offer: o.id, accept: true }) }),
          el("button", { type: "button", text: "Decline",
                         "aria-label": "Decline " + name(o.source) + "'s offer: " + what,
                         onclick: () => send({ type: "answer", offer: o.id, accept: false }) }));
      }
      const whom = o.target === team ? "From " + name(o.source) : "To " + name(o.target);
      return el("li", { text: whom + ": " + what + " · " + o.status });
    });
    offers.replaceChildren(...(rows.length ? rows : [el("li", { text: "None yet." })]));
    document.getElementById("carried").textContent = view.carried && info.round > 1 ?
      "Last round's funding is carried over: change it or clear it." : "";
    if (view.busy) say("state", (view.job || "Working") + "…");
    else if (view.paused) say("state", "The facilitator has paused the game.");
    else if (view.locked) say("state", "Time is up: plans are locked.");
    clock(view);
  }
  function clock(state) {
    const t = document.getElementById("timer");
    t.textContent = state.timer === null ? "" : (state.locked ? "Locked " : "") +
      Thrive.clock(state.timer);
    t.classList.toggle("low", state.timer !== null && state.timer <= 60);
  }
  function preview(p) {
    const box = document.getElementById("preview");
    if (!p || !p.headlines) {
      box.replaceChildren(el("p", { text: p && p.pending ? "Working out the preview…" :
        p && p.error ? p.error : "Fund something to see what it would do." }));
      return;
    }
    box.replaceChildren(el("p", { text: "After " + p.years + " years, against doing nothing:" }),
      el("ul", { class: "preview" }, ...p.headlines.map((h) => el("li", {},
        el("span", { text: h.name + " " }),
        el("strong", { class: h.change >= 0 ? "up" : "down",
                       text: signed(h.change) + (h.change >= 0 ? " ▲" : " ▼") })))));
  }
  function onMessage(m) {
    if (m.type === "welcome" && m.info) { info = m.info; build(); }
    else if (m.type === "round") { info = m.info; build(); }
    else if (m.type === "team") {
      view = m;
      if (m.info && (!info || info.round !== m.info.round)) { info = m.info; build(); }
      render();
      if (m.preview) preview(m.preview);
      if (m.ack) say("state", "Saved: " + m.ack.summary);
    } else if (m.type === "preview") preview(m.preview);
    else if (m.type === "clock") { if (view) { Object.assign(view, m); render(); } }
    else if (m.type === "refused") {
      say("state", "Refused: " + m.reason, true);
      if (/unknown token/.test(m.reason)) { localStorage.removeItem(key); location.reload(); }
    }
  }
  document.getElementById("ready").addEventListener("click", () =>
    send({ type: "ready", ready: !(view && view.ready.includes(team)) }));
  document.getElementById("clear").addEventListener("click", () => send({ type: "clear" }));
  (async () => {
    if (!token && !(await join())) return;
    link = Thrive.connect(() => ({ type: "hello", role: "team", room: Thrive.room, token }),
      onMessage, (up) => { if (!up) say("state", "Connection lost: reconnecting…", true); });
  })();
})();
