"""The web side of ``thrive host``: pages, a join call and one websocket, on FastAPI.

Pages (``game/host_pages``: plain HTML, CSS and JavaScript, every file served from here, so a
venue with no internet works) are gated by the room code; a team page joins a team with
``POST /api/join`` and keeps its token; everything after that goes over ``/ws`` as small JSON
messages, checked by :mod:`game.host_messages`, applied by :class:`~game.host_room.Room` one at
a time on this event loop (so in the order they arrive), and answered by pushing fresh state
to every page that shows it. Each connection has its own outgoing queue, so one slow phone on
venue Wi-Fi never holds up the others; a phone that falls far behind is dropped (its page
reconnects and gets the whole state again).

Limits: messages over 2 kB refused (:data:`~game.host_messages.MAX_MESSAGE_BYTES`), 20
messages a second per connection with bursts of 40, 10 wrong join attempts a minute per address,
at most 200 connections.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import io
import itertools
import json
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from typing import Any

import segno
from fastapi import FastAPI, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.middleware.base import BaseHTTPMiddleware

from game.export import default_export_folder, export_debrief, now_label
from game.host_board import board_data
from game.host_messages import MAX_MESSAGE_BYTES, Hello, HostAction, Ready, Refused, parse
from game.host_room import Room
from model.safefile import WriteError, write_text

__all__ = ["RateLimit", "make_app"]

MAX_CONNECTIONS = 200
SAVE_EVERY = 1.0
"""Seconds between writes of ``room.json`` at most (a crash loses at most this much)."""
PREVIEW_QUIET = 0.5
"""Seconds the drafts must rest before a preview is worked out (it runs on the game's worker
and takes some tenths of a second; a plan being typed or dragged is not previewed each step)."""
TICK = 0.2
"""Seconds between the host's ticks: the timer, the preview, the host page, room.json."""
QUEUE_LIMIT = 500
"""Messages waiting for one connection before it is dropped as too far behind."""
PAGES = resources.files("game") / "host_pages"


@dataclass
class RateLimit:
    """A token bucket: ``rate`` a second, bursts of ``burst``.

    >>> bucket = RateLimit(rate=1.0, burst=2.0)
    >>> [bucket.allow(now=0.0) for _ in range(3)]
    [True, True, False]
    >>> bucket.allow(now=1.0)
    True
    """

    rate: float
    burst: float
    level: float = -1.0
    at: float = 0.0

    def allow(self, now: float | None = None) -> bool:
        """Take one from the bucket if there is one."""
        if self.open(now):
            self.level -= 1.0
            return True
        return False

    def open(self, now: float | None = None) -> bool:
        """Whether :meth:`allow` would allow one now (without taking it)."""
        now = time.monotonic() if now is None else now
        if self.level < 0:
            self.level, self.at = self.burst, now
        self.level = min(self.burst, self.level + (now - self.at) * self.rate)
        self.at = now
        return self.level >= 1.0


@dataclass(eq=False)
class Connection:
    """One open page: its role, its team (a team page), its outgoing queue and limit."""

    ws: WebSocket
    id: int = 0
    role: str = ""
    team: str = ""
    queue: asyncio.Queue[str] = field(default_factory=asyncio.Queue)
    limit: RateLimit = field(default_factory=lambda: RateLimit(rate=20.0, burst=40.0))


class Hub:
    """Every open connection, and the room they share."""

    def __init__(self, room: Room, on_action: Callable[[str], None] | None = None) -> None:
        self.room = room
        self.conns: set[Connection] = set()
        self.joins: dict[str, RateLimit] = {}
        """Each address's wrong tries at joining (a bucket of ten, one back every six seconds)."""
        self.join_clock: Callable[[], float] = time.monotonic
        """The clock the joining buckets run on (a test holds it still)."""
        self.host_dirty = True
        self.board_dirty = True
        self.board_cache: dict[str, Any] | None = None
        self.round_seen = -1
        self.last_preview: object = None
        self.last_timer: int | None = None
        self.on_action = on_action
        self.last_change = 0.0
        """When a draft last changed (the preview waits for the plans to settle)."""
        self._writing: asyncio.Future[None] | None = None
        self._written = 0.0
        self._ids = itertools.count(1)
        self._unsent: dict[str, list[dict[str, Any]]] = {}
        self.lag: deque[float] = deque(maxlen=round(60 / TICK))
        """How late each tick of the last minute came (the event loop's lag)."""
        """Teams whose pages are to be sent their plan, with the changes to acknowledge."""

    # -- sending -----------------------------------------------------------------------

    def send(self, conn: Connection, payload: dict[str, Any] | str) -> None:
        if conn.queue.qsize() > QUEUE_LIMIT:
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().create_task(conn.ws.close(code=1013))
            return
        text = payload if isinstance(payload, str) else json.dumps(payload, separators=(",", ":"))
        conn.queue.put_nowait(text)

    def to_team(self, team: str, payload: dict[str, Any] | None = None) -> None:
        text = json.dumps(payload or self.room.team_view(team), separators=(",", ":"))
        for conn in self.conns:
            if conn.role == "team" and conn.team == team:
                self.send(conn, text)

    def changed(self, team: str, ack: dict[str, Any] | None = None) -> None:
        """A team's plan changed: its pages get it as soon as the messages already waiting
        have been applied, all of them in one view (under load, one view carries several
        changes, each acknowledged in order in ``acks``, rather than one view per change)."""
        if not self._unsent:
            asyncio.get_running_loop().call_soon(self._flush)
        acks = self._unsent.setdefault(team, [])
        if ack is not None:
            acks.append(ack)

    def _flush(self) -> None:
        unsent, self._unsent = self._unsent, {}
        for team, acks in unsent.items():
            view = self.room.team_view(team)
            if acks:
                view["acks"], view["ack"] = acks, acks[-1]
            self.to_team(team, view)

    def to_role(self, role: str, payload: dict[str, Any]) -> None:
        text = json.dumps(payload, separators=(",", ":"))
        for conn in self.conns:
            if conn.role == role:
                self.send(conn, text)

    def connected(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for conn in self.conns:
            key = conn.team if conn.role == "team" else conn.role
            out[key] = out.get(key, 0) + 1
        return out

    def everyone(self) -> None:
        """Something every page shows changed (a round played, the timer, pause)."""
        for team in self.room.session.teams:
            self.to_team(team)
        self.host_dirty = self.board_dirty = True

    def round_changed(self) -> None:
        """A new round's facts (budgets, costs, events) to every page, then fresh state."""
        session = self.room.session
        if session.game is None or session.busy:
            return
        self.round_seen = session.game.round
        # The game is some 100,000 Python objects that a full garbage collection walks (about
        # 0.2 s here), stalling every page; freezing them (they live as long as the round)
        # keeps the collector's pauses to what the messages themselves allocate.
        gc.freeze()
        info = {"type": "round", "info": self.room.round_info()}
        for conn in self.conns:
            if conn.role == "team":
                self.send(conn, info)
        self.everyone()

    def board(self, force: bool = False) -> None:
        session = self.room.session
        if not session.busy and session.game is not None and (force or self.board_cache is None):
            self.board_cache = board_data(session, self.room)
        if self.board_cache is not None:
            payload = {**self.board_cache, "view": self.room.board, **self.room.common()}
            self.to_role("board", {"type": "board", **payload})
        self.board_dirty = False

    # -- the tick ------------------------------------------------------------------------

    async def ticker(self) -> None:
        last = time.monotonic()
        while True:
            await asyncio.sleep(TICK)
            now = time.monotonic()
            self.lag.append(max(0.0, now - last - TICK))
            self.tick(now - last)
            last = now

    def host_payload(self) -> dict[str, Any]:
        """The host page's view, with how late the host's own clock ticks (the 95th
        percentile and the largest over the last minute): a laptop too busy to answer the
        room shows there first."""
        view = self.room.host_view(self.connected())
        lags = sorted(self.lag)
        if lags:
            view["lag_ms"] = [
                round(1000 * lags[int(0.95 * (len(lags) - 1))]),
                round(1000 * lags[-1]),
            ]
        return view

    def tick(self, seconds: float) -> None:
        room, session = self.room, self.room.session
        if session.game is None:
            return
        was_locked = session.plans_locked
        if not room.paused and not session.busy:
            session.tick(seconds)
        shown = None if session.timer_left is None else int(session.timer_left + 0.999)
        if shown != self.last_timer or session.plans_locked != was_locked:
            self.last_timer = shown
            common = {"type": "clock", **room.common()}
            for conn in self.conns:
                self.send(conn, common)
            if session.plans_locked != was_locked:
                room.note = "Time is up: plans are locked." if session.plans_locked else ""
                self.everyone()
        if session.busy:
            return
        if session.game.round != self.round_seen:
            self.round_changed()
        if not session.preview_pending and time.monotonic() - self.last_change > PREVIEW_QUIET:
            session.refresh_preview()
        if session.preview is not self.last_preview and not session.preview_pending:
            self.last_preview = session.preview
            preview = {"type": "preview", "preview": room.preview_view()}
            self.to_role("team", preview)
        if self.host_dirty:
            self.to_role("host", self.host_payload())
            self.host_dirty = False
        if self.board_dirty:
            self.board()
        self.save()

    def save(self) -> None:
        """Write ``room.json`` if the room changed, off the event loop (a slow disk must not
        hold up the pages), one write at a time, at most once a second."""
        room, now = self.room, time.monotonic()
        if not room.dirty or (self._writing is not None and not self._writing.done()):
            return
        if now - self._written < SAVE_EVERY:
            return
        text = room.snapshot_text()
        if text is None:
            return
        room.dirty, self._written = False, now

        def write() -> None:
            try:
                write_text(room.path, text)
            except (OSError, WriteError) as exc:  # say so on the host page, keep playing
                room.note = f"The room file could not be written: {exc}"
                room.dirty = True

        self._writing = asyncio.get_running_loop().run_in_executor(None, write)

    # -- receiving -----------------------------------------------------------------------

    async def serve(self, ws: WebSocket) -> None:
        await ws.accept()
        if len(self.conns) >= MAX_CONNECTIONS:
            await ws.close(code=1013, reason="the room is full")
            return
        conn = Connection(ws, id=next(self._ids))
        self.conns.add(conn)
        writer = asyncio.get_running_loop().create_task(self._writer(conn))
        try:
            while True:
                raw = await ws.receive_text()
                await self.receive(conn, raw)
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            self.conns.discard(conn)
            writer.cancel()
            self.host_dirty = True

    async def _writer(self, conn: Connection) -> None:
        with contextlib.suppress(Exception):
            while True:
                await conn.ws.send_text(await conn.queue.get())

    def refuse(self, conn: Connection, reason: str, seq: int = 0) -> None:
        self.send(conn, {"type": "refused", "reason": reason, "seq": seq})

    async def receive(self, conn: Connection, raw: str) -> None:
        """One message from one page: checked, applied in order, answered."""
        if not conn.limit.allow():
            self.refuse(conn, "too many messages: slow down")
            return
        try:
            message = parse(raw)
            if isinstance(message, Hello):
                self.hello(conn, message)
                return
            if not conn.role:
                raise Refused("say hello with the room code first")
            if isinstance(message, HostAction):
                if conn.role != "host":
                    raise Refused("host actions need the host page and the host code")
                self.room.check_host(message.host)
                await self.host_action(conn, message)
                done = self.host_payload()
                self.send(conn, {**done, "ack": {"seq": message.seq, "action": message.action}})
                return
            if conn.role != "team":
                raise Refused("only a team page may change a plan")
            change = self.room.team_message(message, conn.team)
        except Refused as exc:
            seq = 0
            with contextlib.suppress(Exception):
                seq = int(json.loads(raw).get("seq", 0))
            self.refuse(conn, exc.reason, seq)
            return
        version = self.room.versions[change.team]
        ack = {"seq": message.seq, "summary": change.summary, "device": conn.id, "v": version}
        self.last_change = time.monotonic()
        self.changed(change.team, ack)
        if isinstance(message, Ready):
            self.board_dirty = True  # the board's briefing shows who is ready
        for team in change.others:  # an offer or an answer shows on the other team's page
            self.changed(team)
        self.host_dirty = True

    def hello(self, conn: Connection, message: Hello) -> None:
        self.room.check_room(message.room)
        if message.role == "team":
            conn.team = self.room.team_of(message.token)
        elif message.role == "host":
            self.room.check_host(message.host)
        conn.role = message.role
        session = self.room.session
        if session.game is not None and not session.busy:
            self.send(
                conn,
                {
                    "type": "welcome",
                    "role": conn.role,
                    "team": conn.team,
                    "device": conn.id,
                    "info": self.room.round_info(),
                },
            )
        else:
            welcome = {"type": "welcome", "role": conn.role, "team": conn.team, "device": conn.id}
            self.send(conn, welcome)
        if conn.role == "team":
            self.send(conn, self.room.team_view(conn.team))
        elif conn.role == "host":
            self.send(conn, self.host_payload())
        else:
            self.board()
        self.host_dirty = True

    # -- the facilitator -------------------------------------------------------------------

    async def host_action(self, conn: Connection, action: HostAction) -> None:
        room, session = self.room, self.room.session
        verb = action.action
        if session.busy:
            raise Refused(f"wait: {session.job_label.lower()}")
        if verb in ("timer_start", "timer_extend"):
            minutes = action.minutes or 5
            (session.start_timer if verb == "timer_start" else session.extend_timer)(minutes)
            room.note = (
                f"Timer: {'started with' if verb == 'timer_start' else 'added'} "
                f"{minutes} minute{'s' if minutes != 1 else ''}."
            )
        elif verb == "timer_stop":
            session.stop_timer()
            room.note = "Timer stopped: no time limit this round."
        elif verb in ("pause", "resume"):
            room.paused = verb == "pause"
            room.note = "Paused." if room.paused else "Resumed."
        elif verb == "board":
            if action.view is None:
                raise Refused("say which view the board shows")
            room.board = action.view
            room.dirty = True
            self.board_dirty = True
        elif verb in ("inject", "veto"):
            if action.event is None:
                raise Refused("name the event")
            try:
                done = (session.inject_event if verb == "inject" else session.veto_event)(
                    action.event
                )
            except KeyError:
                raise Refused(f"unknown event '{action.event}'") from None
            room.note = done
            room.forget_round_info()
            self.round_changed()
            self.board(force=True)
        elif verb == "simulate":
            await self._simulate()
        elif verb == "undo_round":
            await self._undo()
        elif verb == "export":
            await self._export()
        room.dirty = True
        self.host_dirty = True
        self.everyone()
        if self.on_action:
            self.on_action(verb)

    async def _job(self, job: Future[Any]) -> Any:
        self.everyone()
        self.host_dirty = True
        self.tick(0.0)
        try:
            return await asyncio.wrap_future(job)
        except Exception as exc:  # a ScenarioError or WriteError: one sentence on the page
            reason = getattr(exc, "problems", None)
            text = reason[0].message if reason else str(exc)
            self.room.note = f"That could not be done: {text}"
            raise Refused(text) from None

    async def _simulate(self) -> None:
        room, session = self.room, self.room.session
        game = session.live
        if game.over:
            raise Refused("the game is over: export the debrief")
        problems = session.problems()
        if problems:
            raise Refused("the plans cannot be played yet: " + problems[0])
        report = await self._job(session.simulate())
        session.new_round()
        room.new_round()
        room.board = "debrief" if session.live.over else "network"
        room.note = f"Round {report.round} played (years {report.first_year}-{report.last_year})."
        self.board_cache = None
        self.round_changed()
        self.board(force=True)

    async def _export(self) -> None:
        session = self.room.session
        game, setup, town = session.live, session.setup, session.town
        assert setup is not None and town is not None
        label = f"round{len(game.reports)}-{now_label()}"
        folder = default_export_folder(town.id, setup.seed, label, session.home / "exports")
        work = partial(export_debrief, game, town.name, setup.town_ref, folder)
        written = await self._job(session.run_job("Exporting the debrief", work))
        self.room.note = f"Debrief exported: {len(written)} files in {folder}"

    async def _undo(self) -> None:
        room, session = self.room, self.room.session
        if not session.live.reports:
            raise Refused("no round has been played yet")
        decisions = await self._job(session.undo_round())
        session.put_back(decisions)
        room.new_round()
        room.board = "dashboard"
        room.note = f"Round {session.live.round} undone: its plans are back as drafts."
        self.board_cache = None
        self.round_changed()
        self.board(force=True)


class _Headers(BaseHTTPMiddleware):
    """No page from anywhere else, no frames, no guessing types: the pages only need us."""

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            "style-src 'self'; script-src 'self'; frame-ancestors 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response


def make_app(room: Room, join_url: str = "", hub: Hub | None = None) -> FastAPI:
    """The web app for one room (``join_url``: the address the QR code carries)."""
    hub = hub or Hub(room)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        ticker = asyncio.get_running_loop().create_task(hub.ticker())
        yield
        ticker.cancel()

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.add_middleware(_Headers)
    app.state.hub = hub

    def page(name: str) -> HTMLResponse:
        return HTMLResponse((PAGES / f"{name}.html").read_text(encoding="utf-8"))

    def gated(request: Request, name: str) -> Response:
        try:
            room.check_room(request.query_params.get("room"))
        except Refused:
            return HTMLResponse((PAGES / "join.html").read_text(encoding="utf-8"), status_code=403)
        return page(name)

    @app.get("/")
    async def join_page() -> HTMLResponse:
        return page("join")

    @app.get("/team")
    async def team_page(request: Request) -> Response:
        return gated(request, "team")

    @app.get("/host")
    async def host_page(request: Request) -> Response:
        return gated(request, "host")

    @app.get("/board")
    async def board_page(request: Request) -> Response:
        return gated(request, "board")

    @app.get("/static/{name}")
    async def static(name: str) -> Response:
        # the fixed list of our own files: no client names a path
        allowed = {
            "host.css": "text/css",
            "common.js": "text/javascript",
            "team.js": "text/javascript",
            "host.js": "text/javascript",
            "board.js": "text/javascript",
            "join.js": "text/javascript",
        }
        if name not in allowed:
            return Response(status_code=404)
        return Response((PAGES / name).read_bytes(), media_type=allowed[name])

    @app.get("/api/qr.svg")
    async def qr(request: Request) -> Response:
        try:
            room.check_host(request.query_params.get("host"))
        except Refused:
            return Response(status_code=403)
        target = f"{join_url}?room={room.room_code}"
        picture = io.BytesIO()
        segno.make(target, error="m").save(picture, kind="svg", scale=6, border=2)
        return Response(picture.getvalue(), media_type="image/svg+xml")

    @app.post("/api/join")
    async def join(request: Request) -> JSONResponse:
        address = request.client.host if request.client else "?"
        bucket = hub.joins.setdefault(address, RateLimit(rate=10 / 60, burst=10))
        now = hub.join_clock()
        if not bucket.open(now):
            return JSONResponse({"refused": "too many wrong tries: wait a minute"}, 429)
        body = await request.body()
        if len(body) > MAX_MESSAGE_BYTES:
            return JSONResponse({"refused": "request too large"}, status_code=413)
        try:
            data = json.loads(body)
            room_code, team = data.get("room"), data.get("team")
            if not (isinstance(room_code, str) and isinstance(team, str)):
                raise Refused("give the room code and a team")
            token = room.join(room_code, team)
        except (ValueError, AttributeError):
            bucket.allow(now)
            return JSONResponse({"refused": "not a JSON request"}, status_code=400)
        except Refused as exc:
            bucket.allow(now)  # only wrong tries count: guessing the room code is slow
            return JSONResponse({"refused": exc.reason}, status_code=403)
        hub.host_dirty = True
        return JSONResponse({"token": token, "team": team})

    @app.get("/api/teams")
    async def teams(request: Request) -> JSONResponse:
        try:
            room.check_room(request.query_params.get("room"))
        except Refused as exc:
            return JSONResponse({"refused": exc.reason}, status_code=403)
        names: dict[str, str] = {s.id: s.name for s in room.session.interventions.sectors}
        return JSONResponse({"teams": [{"id": t, "name": names[t]} for t in room.session.teams]})

    @app.get("/favicon.ico")
    async def favicon() -> Response:
        return Response(status_code=204)

    @app.websocket("/ws")
    async def ws(websocket: WebSocket) -> None:
        await hub.serve(websocket)

    return app
