"""The hosted workshop's one authority: a room around one :class:`~game.session.Session`.

``thrive host`` serves team, host and board pages (:mod:`game.host_server`); every message from
every page comes here, one at a time on the server's event loop, so changes are applied in the
order they arrive. The room holds what a workshop across devices adds to the session: the room
code that gates every page, each device's token (which team it joined), the host code, the
co-funding offers between teams, who is ready, who is connected, what the board shows. The
teams' drafts themselves are the session's (``Session.drafts``), exactly as in the window, and
so are the round timer, rounds played, undone and the autosave.

The room's own state (codes, tokens, drafts, offers, ready) is written to ``room.json`` beside
the session's autosave whenever it changes (at most a few times a second), so a host process
that dies resumes from the autosave with every team's draft and every device still joined.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from game.host_messages import Answer, Clear, Offer, Ready, Refused, SetPounds
from game.session import Session, Setup
from model.engine import whole_pounds
from model.errors import ScenarioError
from model.safefile import read_limited, write_text
from model.schema import Id, Record

__all__ = ["ROOM_FILE", "OfferState", "Room", "RoomFile", "new_code", "open_room"]

ROOM_FILE = "room.json"
MAX_DEVICES = 200
"""Most devices a room takes (30 people with a phone and a laptop each is 60)."""
MAX_OPEN_OFFERS = 40
"""Most offers waiting for an answer at once (a team spamming offers is stopped here)."""
MAX_OFFERS = 500
"""Most offers made in one round, answered or not (``room.json`` holds at most this many)."""
CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Letters and digits for codes: no 0/O or 1/I, which a room reads aloud and mistypes."""

BoardView = Literal["briefing", "dashboard", "network", "debrief"]


def new_code(length: int = 6) -> str:
    """A random code to read out or type on a phone (32**6, about a billion, for a room).

    >>> len(new_code()), set(new_code(12)) <= set(CODE_LETTERS)
    (6, True)
    """
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(length))


class OfferState(Record):
    """A co-funding offer from one team to another, and what became of it."""

    id: int = Field(ge=1)
    source: Id
    target: Id
    intervention: Id
    pounds: float = Field(ge=0, le=1e9)
    status: Literal["open", "accepted", "declined", "withdrawn"] = "open"


class RoomFile(Record):
    """``room.json``: the room's state, read back when a host process restarts."""

    format: Literal["thriving-places-room"]
    round: int = Field(ge=1, le=1000)
    room_code: str = Field(pattern=r"^[A-Z0-9]{4,12}$")
    host_code: str = Field(pattern=r"^[A-Z0-9]{4,12}$")
    tokens: dict[str, Id] = Field(max_length=MAX_DEVICES)
    drafts: dict[Id, dict[Id, float]]
    offers: tuple[OfferState, ...] = Field(max_length=MAX_OFFERS)
    ready: tuple[Id, ...] = ()
    board: BoardView = "briefing"
    timer_left: float | None = Field(default=None, ge=0, le=24 * 3600)
    paused: bool = False


@dataclass
class Change:
    """What one accepted team message changed: which team's page must be told."""

    team: str
    summary: str
    others: tuple[str, ...] = ()
    """Other teams whose pages must show it too (an offer made to them, or answered)."""


class Room:
    """A workshop room: codes, devices, offers and readiness around the session's game."""

    def __init__(self, session: Session, folder: Path) -> None:
        self.session = session
        self.folder = folder
        self.room_code = new_code(6)
        self.host_code = new_code(8)
        self.tokens: dict[str, str] = {}
        self.offers: list[OfferState] = []
        self.ready: set[str] = set()
        self.board: BoardView = "briefing"
        self.paused = False
        self.versions: dict[str, int] = {}
        """Each team's draft version: one more for every accepted change to it, so a page
        can tell that it has seen every change and in order."""
        self.dirty = False
        self.note = ""
        """What the host page should say about the last facilitator action."""
        self._round_info: tuple[int, dict[str, Any]] | None = None

    # -- codes, devices ------------------------------------------------------------------

    def check_room(self, code: str | None) -> None:
        if not code or not secrets.compare_digest(code.encode(), self.room_code.encode()):
            raise Refused("wrong room code")

    def check_host(self, code: str | None) -> None:
        if not code or not secrets.compare_digest(code.encode(), self.host_code.encode()):
            raise Refused("host actions need the host code")

    def join(self, room: str | None, team: str) -> str:
        """A new device on a team: its token (checked on every message it sends)."""
        self.check_room(room)
        if team not in self.session.teams:
            raise Refused(f"'{team}' is not a team in this game")
        if len(self.tokens) >= MAX_DEVICES:
            raise Refused(f"the room is full ({MAX_DEVICES} devices)")
        token = secrets.token_urlsafe(18)
        self.tokens[token] = team
        self.dirty = True
        return token

    def team_of(self, token: str | None) -> str:
        team = self.tokens.get(token or "")
        if team is None:
            raise Refused("unknown token: join the team again")
        return team

    def _authorise(self, message: SetPounds | Clear | Ready | Offer | Answer, bound: str) -> str:
        """The team a message may change: its token's team, which must be the team it names
        and the team this connection joined as."""
        team = self.team_of(message.token)
        if message.team != team or bound != team:
            raise Refused(f"this device is on {bound}: it may change only {bound}'s plan")
        return team

    # -- the round's plans -----------------------------------------------------------------

    def _editable(self) -> None:
        session = self.session
        if session.game is None or session.busy:
            raise Refused("the round is being worked out: wait a moment")
        if session.game.over:
            raise Refused("the game is over")
        if self.paused:
            raise Refused("the facilitator has paused the game")
        if session.plans_locked:
            raise Refused("time is up: plans are locked")

    def team_message(
        self, message: SetPounds | Clear | Ready | Offer | Answer, bound: str
    ) -> Change:
        """Apply one team page's message, or :class:`Refused` (the game unchanged)."""
        team = self._authorise(message, bound)
        self._editable()
        if isinstance(message, SetPounds):
            self._set(team, message.intervention, message.pounds)
            summary = f"{message.intervention} = {message.pounds:.0f}"
        elif isinstance(message, Clear):
            self.session.clear_team(team)
            summary = "cleared"
        elif isinstance(message, Ready):
            (self.ready.add if message.ready else self.ready.discard)(team)
            summary = "ready" if message.ready else "not ready"
        elif isinstance(message, Offer):
            summary, others = self._offer(team, message), (message.to,)
        else:
            summary, other = self._answer(team, message)
            others = (other,)
        self.session.end_edit()
        self.versions[team] = self.versions.get(team, 0) + 1
        self.dirty = True
        return Change(team, summary, others if isinstance(message, Offer | Answer) else ())

    def _fundable(self, team: str, intervention: str) -> None:
        item = next(
            (i for i in self.session.interventions.interventions if i.id == intervention), None
        )
        if item is None:
            raise Refused(f"unknown intervention '{intervention}'")
        if team not in item.funders:
            raise Refused(f"{team} may not fund '{item.name}'")

    def _affordable(self, team: str, intervention: str, pounds: float) -> float:
        pounds = max(0.0, math.floor(pounds + 1e-6))
        budget = self.session.live.budgets()[team]
        others = self.session.spent(team) - self.session.drafts.get(team, {}).get(intervention, 0.0)
        if whole_pounds(others + pounds) > budget:
            raise Refused(
                f"£{pounds:,.0f} would take {team} over its budget of £{budget:,.0f} "
                f"(£{max(budget - others, 0):,.0f} left)"
            )
        return pounds

    def _set(self, team: str, intervention: str, pounds: float) -> None:
        self._fundable(team, intervention)
        pounds = self._affordable(team, intervention, pounds)
        self.session.set_pounds(team, intervention, pounds)
        if team in self.ready:
            self.ready.discard(team)  # a changed plan is not the plan that was ready

    def _offer(self, team: str, message: Offer) -> str:
        if message.to == team or message.to not in self.session.teams:
            raise Refused(f"'{message.to}' is not another team in this game")
        self._fundable(team, message.intervention)
        self._fundable(message.to, message.intervention)
        if message.pounds < 1:
            raise Refused("an offer asks for at least £1 a year")
        if sum(o.status == "open" for o in self.offers) >= MAX_OPEN_OFFERS:
            raise Refused("too many offers are waiting for an answer")
        if len(self.offers) >= MAX_OFFERS:
            raise Refused(f"{MAX_OFFERS} offers have been made this round: no more")
        for k, old in enumerate(self.offers):  # a new offer replaces the same open one
            same = (old.source, old.target, old.intervention) == (
                team,
                message.to,
                message.intervention,
            )
            if same and old.status == "open":
                self.offers[k] = old.model_copy(update={"status": "withdrawn"})
        offer = OfferState(
            id=len(self.offers) + 1,
            source=team,
            target=message.to,
            intervention=message.intervention,
            pounds=float(math.floor(message.pounds)),
        )
        self.offers.append(offer)
        self._touch(message.to)
        return f"offer {offer.id} to {message.to}"

    def _answer(self, team: str, message: Answer) -> tuple[str, str]:
        if not 1 <= message.offer <= len(self.offers):
            raise Refused("no such offer")
        offer = self.offers[message.offer - 1]
        if offer.target != team:
            raise Refused("that offer was made to another team")
        if offer.status != "open":
            raise Refused(f"that offer was already {offer.status}")
        if message.accept:
            self._set(team, offer.intervention, offer.pounds)
        self.offers[message.offer - 1] = offer.model_copy(
            update={"status": "accepted" if message.accept else "declined"}
        )
        self._touch(offer.source)
        return f"offer {offer.id} {'accepted' if message.accept else 'declined'}", offer.source

    def _touch(self, team: str) -> None:
        """Another team's page must show a change (an offer made to it, or answered)."""
        self.versions[team] = self.versions.get(team, 0) + 1

    def new_round(self) -> None:
        """After a round is played or undone: offers and readiness start afresh."""
        self.offers = []
        self.ready.clear()
        self._round_info = None
        self.paused = False
        for team in self.session.teams:
            self._touch(team)
        self.dirty = True

    def forget_round_info(self) -> None:
        """The round's facts changed (an event injected or vetoed moves the budgets)."""
        self._round_info = None

    # -- what the pages show ---------------------------------------------------------------

    def round_info(self) -> dict[str, Any]:
        """This round's fixed facts for the team pages (budgets, each intervention's cost in
        this town): read from the game once a round, never while a job runs."""
        game = self.session.live
        if self._round_info is not None and self._round_info[0] == game.round:
            return self._round_info[1]
        sectors: dict[str, Any] = {s.id: s for s in self.session.interventions.sectors}
        items = []
        for item in self.session.interventions.interventions:
            least, most = game.pounds_range(item.id)
            items.append(
                {
                    "id": item.id,
                    "name": item.name,
                    "description": item.description,
                    "funders": list(item.funders),
                    "cost": game.cost(item.id),
                    "least": least,
                    "most": most,
                    "build_years": item.build_years,
                    "lasts_years": item.lasts_years,
                    "evidence": item.evidence.level,
                    "citation": item.evidence.citation,
                    "language": dict(item.language),
                    "community": item.community_delivered,
                }
            )
        info = {
            "round": game.round,
            "rounds": game.rounds,
            "year": game.year,
            "over": game.over,
            "budgets": game.budgets(),
            "teams": {
                t: {
                    "name": sectors[t].name,
                    "short": sectors[t].short_name,
                    "objective": sectors[t].objective,
                }
                for t in self.session.teams
            },
            "bonus": self.session.interventions.partnership.bonus,
            "interventions": items,
            "events": [
                {"id": e.event, "name": e.name, "year": e.year} for e in game.pending_events
            ],
        }
        self._round_info = (game.round, info)
        return info

    def common(self) -> dict[str, Any]:
        """What every page shows: the round, the timer, pause, what is going on."""
        session = self.session
        return {
            "busy": session.busy,
            "job": session.job_label if session.busy else "",
            "paused": self.paused,
            "locked": session.plans_locked,
            "timer": None if session.timer_left is None else math.ceil(session.timer_left),
            "timer_running": session.timer_running,
            "ready": sorted(self.ready),
        }

    def team_view(self, team: str) -> dict[str, Any]:
        """Everything a team's page shows (several devices of one team see the same)."""
        session = self.session
        view: dict[str, Any] = {"type": "team", "team": team, **self.common()}
        view["version"] = self.versions.get(team, 0)
        view["drafts"] = {t: dict(d) for t, d in session.drafts.items()}
        view["offers"] = [o.model_dump() for o in self.offers if team in (o.source, o.target)]
        if not session.busy and session.game is not None:
            view["problems"] = session.problems() if not session.game.over else []
            view["preview"] = self.preview_view()
            view["carried"] = team in session.carried_from
        return view

    def preview_view(self) -> dict[str, Any] | None:
        """The plan as it stands (every team's drafts) against doing nothing, by headline."""
        session = self.session
        preview = session.preview
        if preview is None:
            return {"pending": session.preview_pending, "error": session.preview_error}
        fw = session.framework
        change = preview.headline_change(fw)
        return {
            "pending": session.preview_pending,
            "years": len(preview.years),
            "headlines": [
                {"id": h, "name": n, "change": change[h]}
                for h, n in zip(fw.headline_ids, fw.headline_names, strict=True)
            ],
        }

    def devices(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for team in self.tokens.values():
            out[team] = out.get(team, 0) + 1
        return out

    def snapshot(self) -> RoomFile:
        session = self.session
        return RoomFile(
            format="thriving-places-room",
            round=session.live.round,
            room_code=self.room_code,
            host_code=self.host_code,
            tokens=dict(self.tokens),
            drafts={t: dict(d) for t, d in session.drafts.items()},
            offers=tuple(self.offers),
            ready=tuple(sorted(self.ready)),
            board=self.board,
            timer_left=session.timer_left,
            paused=self.paused,
        )

    @property
    def path(self) -> Path:
        return self.folder / ROOM_FILE

    def snapshot_text(self) -> str | None:
        """``room.json`` as it would be written now (None while a job runs: read it after)."""
        if self.session.game is None or self.session.busy:
            return None
        return self.snapshot().model_dump_json(indent=1)

    def write(self) -> None:
        """Write ``room.json`` now (all or nothing), as a restart would read it."""
        text = self.snapshot_text()
        if text is not None:
            write_text(self.path, text)
            self.dirty = False

    def restore(self) -> str:
        """Take back ``room.json`` after a restart (codes, devices, drafts, offers) if it is
        for the round the autosave resumes at; a sentence saying what was taken back."""
        if not self.path.exists():
            return "no room file to resume from: new room codes"
        try:
            saved = RoomFile.model_validate_json(read_limited(self.path, 2_000_000))
        except (ValueError, OSError) as exc:
            return f"the room file {self.path} could not be read ({str(exc)[:120]}): new codes"
        self.room_code, self.host_code = saved.room_code, saved.host_code
        teams = set(self.session.teams)
        self.tokens = {k: v for k, v in saved.tokens.items() if v in teams}
        self.board = saved.board
        if saved.round != self.session.live.round:
            return "devices and codes kept; the drafts were for another round"
        try:
            self.session.live.check({t: d for t, d in saved.drafts.items() if t in teams})
        except ScenarioError as exc:
            if any("is not a team" in p.message or "unknown" in p.message for p in exc.problems):
                return "devices and codes kept; the saved drafts did not fit this game"
        self.session.drafts = {t: dict(saved.drafts.get(t, {})) for t in self.session.teams}
        self.offers = list(saved.offers)
        self.ready = set(saved.ready) & teams
        self.paused = saved.paused
        self.session.timer_left = saved.timer_left
        self.session.timer_running = False  # the facilitator restarts the clock
        return "devices, codes, drafts and offers resumed"

    def host_view(self, connected: Mapping[str, int]) -> dict[str, Any]:
        """The host page: who is joined, connected and ready, the timer, the events."""
        session = self.session
        view: dict[str, Any] = {"type": "host", **self.common(), "board": self.board}
        view["joined"] = self.devices()
        view["connected"] = dict(connected)
        view["note"] = self.note
        view["room_code"] = self.room_code
        if not session.busy and session.game is not None:
            game = session.game
            info = self.round_info()
            view["info"] = {
                k: info[k]
                for k in ("round", "rounds", "year", "over", "teams", "events", "budgets")
            }
            view["spent"] = {t: session.spent(t) for t in session.teams}
            view["problems"] = session.problems() if not game.over else []
            view["can_undo"] = bool(game.reports)
            view["all_events"] = [
                {"id": e.id, "name": e.name} for e in session.live.scenario.events.events
            ]
        return view


def open_room(session: Session, setup: Setup | None, *, resume: bool = True) -> tuple[Room, str]:
    """The room for ``thrive host``: the autosave's game resumed with its room file (unless
    ``resume`` is false or there is no unfinished game), else a new game on ``setup``. Waits
    for the town to be built or the save replayed; a sentence saying which it was.
    :class:`~model.errors.ScenarioError` if the town or the save cannot be used."""
    folder = session.home / "saves"
    offer = session.autosave_offer() if resume else None
    if offer is not None:
        session.load(session.autosave_path).result()
        room = Room(session, folder)
        how = f"Resumed the autosave (round {session.live.round} of {offer.rounds}): "
        return room, how + room.restore()
    if setup is None:
        raise ValueError("no game to resume and no town to start")
    session.start(setup).result()
    room = Room(session, folder)
    room.dirty = True
    room.write()
    note = f" ({session.autosave_note})" if session.autosave_note else ""
    return room, "A new game." + note
