"use strict";
// The join page: type the room code (or arrive by the QR code with it), then pick your team.
(() => {
  const form = document.getElementById("join-form");
  const code = document.getElementById("room-code");
  const list = document.getElementById("teams");
  code.value = Thrive.room;
  async function teams(room) {
    const reply = await fetch("/api/teams?room=" + encodeURIComponent(room));
    const data = await reply.json();
    if (!reply.ok) { Thrive.say("join-status", data.refused || "wrong room code", true); return; }
    Thrive.say("join-status", "Pick your team:");
    list.replaceChildren(...data.teams.map((t) => Thrive.el("li", {},
      Thrive.el("a", { class: "button", href: "/team?room=" + room + "&team=" + t.id,
                       text: t.name }))));
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const room = code.value.trim().toUpperCase();
    if (room) teams(room);
  });
  if (Thrive.room) teams(Thrive.room);
})();
