"use strict";
// The facilitator's page: every action carries the host code, checked on the host.
(() => {
  const { el, money, say } = Thrive;
  const host = (Thrive.params.get("host") || "").toUpperCase();
  let view = null, seq = 0;
  const link = Thrive.connect(() => ({ type: "hello", role: "host", room: Thrive.room, host }),
    onMessage, (up) => { if (!up) say("note", "Connection lost: reconnecting…", true); });
  function act(action, extra) {
    seq += 1;
    link.send({ type: "host", host, action, seq, ...(extra || {}) });
  }
  const minutes = () => Math.max(1, Math.min(60, Math.round(Number(
    document.getElementById("minutes").value) || 5)));
  document.getElementById("timer-start").onclick = () => act("timer_start", { minutes: minutes() });
  document.getElementById("timer-extend").onclick = () => act("timer_extend", { minutes: minutes() });
  document.getElementById("timer-stop").onclick = () => act("timer_stop");
  document.getElementById("pause").onclick = () => act(view && view.paused ? "resume" : "pause");
  document.getElementById("simulate").onclick = () => act("simulate");
  document.getElementById("undo").onclick = () => act("undo_round");
  document.getElementById("export").onclick = () => act("export");
  document.getElementById("inject").onclick = () =>
    act("inject", { event: document.getElementById("inject-event").value });
  for (const b of document.querySelectorAll("button.view"))
    b.onclick = () => act("board", { view: b.dataset.view });
  const join = location.origin + "/?room=" + Thrive.room;
  document.getElementById("join-url").textContent = location.origin;
  document.getElementById("qr").src = "/api/qr.svg?host=" + encodeURIComponent(host);
  document.getElementById("board-link").href = "/board?room=" + Thrive.room;
  void join;

  function render() {
    const v = view;
    document.getElementById("room-code").textContent = v.room_code;
    const info = v.info;
    if (info) {
      document.getElementById("round").textContent = info.over ? "The game is over" :
        "Round " + info.round + " of " + info.rounds + " · year " + info.year;
      const rows = Object.entries(info.teams).map(([t, team]) => el("tr", {},
        el("th", { scope: "row", text: team.short }),
        el("td", { text: (v.connected[t] || 0) + " on / " + (v.joined[t] || 0) + " joined" }),
        el("td", { text: money(v.spent[t] || 0) + " of " + money(info.budgets[t] || 0) }),
        el("td", { class: v.ready.includes(t) ? "ok" : "", text: v.ready.includes(t) ? "Ready ✓" : "not yet" })));
      document.getElementById("teams").replaceChildren(...rows);
      const events = info.events.map((e) => el("li", {},
        el("span", { text: e.name + " (year " + e.year + ") " }),
        el("button", { type: "button", text: "Veto", "aria-label": "Veto " + e.name,
                       onclick: () => act("veto", { event: e.id }) })));
      document.getElementById("events").replaceChildren(...(events.length ? events :
        [el("li", { text: "No events drawn for this round." })]));
      const pick = document.getElementById("inject-event");
      if (pick.options.length !== (v.all_events || []).length)
        pick.replaceChildren(...v.all_events.map((e) => el("option", { value: e.id, text: e.name })));
      document.getElementById("problems").replaceChildren(
        ...(v.problems || []).map((p) => el("li", { text: p })));
      document.getElementById("undo").disabled = !v.can_undo || v.busy;
      document.getElementById("simulate").disabled = v.busy || info.over;
    }
    const pause = document.getElementById("pause");
    pause.textContent = v.paused ? "Resume" : "Pause";
    pause.setAttribute("aria-pressed", String(!!v.paused));
    for (const b of document.querySelectorAll("button.view"))
      b.setAttribute("aria-pressed", String(b.dataset.view === v.board));
    const slow = v.lag_ms && v.lag_ms[0] > 250;
    Thrive.say("health", slow ? "This laptop is slow to answer (" + v.lag_ms[0] +
      " ms late): close other programs." : "", slow);
    if (v.busy) say("note", (v.job || "Working") + "…");
    else if (v.note) say("note", v.note);
    clock(v);
  }
  function clock(state) {
    const t = document.getElementById("timer");
    t.textContent = state.timer === null ? "no timer" : (state.locked ? "Locked " : "") +
      Thrive.clock(state.timer);
    t.classList.toggle("low", state.timer !== null && state.timer <= 60);
  }
  function onMessage(m) {
    if (m.type === "host") { view = m; render(); }
    else if (m.type === "clock") { if (view) { Object.assign(view, m); clock(view); } }
    else if (m.type === "refused") say("note", "Refused: " + m.reason, true);
  }
})();
