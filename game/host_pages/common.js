"use strict";
// Shared by every page of `thrive host`: the connection (reconnecting on its own, as venue
// Wi-Fi drops), money and score formats, and a tiny element builder. No outside files.
const Thrive = (() => {
  const params = new URLSearchParams(location.search);
  const room = (params.get("room") || "").toUpperCase();

  function money(p) {
    if (Math.abs(p) < 0.5) return "£0";
    if (Math.abs(p) >= 999500) return "£" + (p / 1e6).toFixed(1) + "m";
    if (Math.abs(p) >= 1000) return "£" + Math.round(p / 1000) + "k";
    return "£" + Math.round(p);
  }
  function pounds(p) { return "£" + Math.round(p).toLocaleString("en-GB"); }
  function signed(v, d = 2) {
    return Math.abs(v) >= 0.5 * 10 ** -d ? (v > 0 ? "+" : "") + v.toFixed(d) : "±0";
  }
  function clock(s) {
    if (s === null || s === undefined) return "no timer";
    const m = Math.floor(s / 60), r = s % 60;
    return m + ":" + String(r).padStart(2, "0");
  }
  function el(tag, attrs, ...kids) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids) if (kid !== null && kid !== undefined)
      node.append(typeof kid === "string" ? document.createTextNode(kid) : kid);
    return node;
  }
  function connect(hello, onMessage, onState) {
    let ws = null, delay = 500;
    function open() {
      const scheme = location.protocol === "https:" ? "wss://" : "ws://";
      ws = new WebSocket(scheme + location.host + "/ws");
      ws.onopen = () => { delay = 500; ws.send(JSON.stringify(hello())); onState(true); };
      ws.onmessage = (e) => onMessage(JSON.parse(e.data));
      ws.onclose = () => {
        onState(false);
        setTimeout(open, delay);
        delay = Math.min(delay * 2, 8000);
      };
    }
    open();
    return {
      send(message) {
        if (ws && ws.readyState === 1) { ws.send(JSON.stringify(message)); return true; }
        return false;
      },
    };
  }
  function say(id, text, refused) {
    const box = document.getElementById(id);
    if (!box) return;
    box.textContent = text;
    box.classList.toggle("refused", !!refused);
  }
  return { room, params, money, pounds, signed, clock, el, connect, say };
})();
