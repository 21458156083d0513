"""A game as the interface holds it: the engine's game, the teams' draft decisions, and a worker.

This is the interface's one narrow entry point into the simulation. Screens never call the
engine themselves: they read what the session exposes and ask it to act. Everything that changes
the game (building the town, simulating a round, undoing one, loading a save) runs as a job on
one worker thread, in order, so the window never freezes and no two jobs touch the game at once.
While a job that changes the game runs, ``busy`` is true and screens show only what they already
copied out.

Draft decisions (the pounds each team has put into each intervention this round) live here, with
undo and redo, so that screens can be rebuilt at any time (a resize, full screen) without losing
anyone's work.
"""

from __future__ import annotations

import math
import os
import secrets
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from game.branching import BranchDesk
from game.user_scenarios import read_user_folder, user_folder_for
from model.branches import Branch
from model.challenges import ChallengeFile
from model.engine import Game, GameScenario, Preview, RoundReport
from model.errors import Problem, ScenarioError
from model.events import EventsFile
from model.framework import Framework
from model.future_bands import FuturesBand, played_band, preview_band
from model.interventions import InterventionsFile
from model.loading import (
    load_events,
    load_framework,
    load_interventions,
    load_ripples,
    scenario_town,
)
from model.network import RippleNetwork
from model.safefile import WriteError, append_text, clean_temporaries, describe_os_error
from model.saves import SaveFile, load_saved, read_save, save_game
from model.town.description import TownFile

__all__ = ["Session", "Setup", "fresh_seed", "home_folder"]

Drafts = dict[str, dict[str, float]]

MAX_UNDO = 200
"""Undo steps kept within a round: plenty for a table's changes of mind, and a bounded memory
when thirty devices change plans all afternoon (``thrive host``)."""

BAND_FAILED = "The range of possible futures could not be worked out; the lines stand alone."


def fresh_seed() -> int:
    """A new game's seed: fresh each time, so each workshop meets its own story (the start
    screen shows it, and takes a typed one to repeat a game). Five digits, easy to note."""
    return 10_000 + secrets.randbelow(90_000)


def home_folder() -> Path:
    """Where saves, exports and screenshots go: ``$THRIVE_HOME`` or ``~/ThrivingPlaces``."""
    return Path(os.environ.get("THRIVE_HOME") or Path.home() / "ThrivingPlaces")


@dataclass(frozen=True)
class Setup:
    """What the start screen chose."""

    town_ref: str
    teams: tuple[str, ...]
    rounds: int = 4
    years_per_round: int = 2
    seed: int = 1
    residents: int | None = None
    timer_minutes: int = 0


class Session:
    """The interface's hold on one game (or on none yet, at the start screen)."""

    def __init__(self, home: Path | None = None, scenarios: Path | None = None) -> None:
        self.home = home or home_folder()
        self.framework: Framework = load_framework()
        self.network: RippleNetwork = load_ripples(framework=self.framework)
        self.interventions: InterventionsFile = load_interventions(framework=self.framework)
        self.events: EventsFile = load_events(framework=self.framework)
        self.user = read_user_folder(  # a trainer's own scenarios, added (game/user_scenarios.py)
            user_folder_for(self.home, scenarios),
            self.framework,
            self.network,
            self.interventions,
            self.events,
        )
        if self.user is not None:
            self.network, self.interventions = self.user.network, self.user.interventions
            self.events = self.user.events
        self.game: Game | None = None
        self.desk: BranchDesk | None = None
        """The game's branches and which is in play (game/branching.py); ``game`` is that one."""
        self.setup: Setup | None = None
        self.challenge: ChallengeFile | None = None
        """The trainer's challenge this game is played to (chosen on the start screen)."""
        self.town: TownFile | None = None
        self.drafts: Drafts = {}
        self._undo: deque[Drafts] = deque(maxlen=MAX_UNDO)
        self._redo: deque[Drafts] = deque(maxlen=MAX_UNDO)
        self._last_edit: tuple[str, str] | None = None
        self.preview: Preview | None = None
        self.preview_error: str | None = None
        """What went wrong in the last preview itself (the drafts' problems are ``problems``)."""
        self._problems: tuple[str, list[str]] = ("", [])
        self.carried_from: dict[str, int] = {}
        self.trimmed: dict[str, float] = {}
        """Teams whose carried-over funding was cut to fit a smaller budget (a funding cut this
        round), with what it came to before."""
        """Teams whose drafts were carried over from an earlier round, and from which round."""
        self._preview_job: Future[Preview] | None = None
        self._preview_key: str = ""
        self.preview_band: FuturesBand | None = None
        """The preview's 10-90% band over a few futures (model/future_bands.py), worked out on
        the worker after the preview itself; None while it is worked out or the drafts changed."""
        self._band_job: Future[FuturesBand | None] | None = None
        self._band_key = ""
        self.band_problem: str | None = None
        """Why the band of the drafts shown could not be worked out (the fault is logged:
        :meth:`log_fault`), said instead of a band that never comes."""
        self.played_band_problem: str | None = None
        """The same for the band of the game so far."""
        self._played: tuple[tuple[Game | None, str], FuturesBand | None] = ((None, ""), None)
        self._bands_from = 0
        """Bumped when a round is simulated: a band still being worked out then stops."""
        self._played_job: Future[FuturesBand | None] | None = None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="thrive-sim")
        self._job: Future[Any] | None = None
        self.job_label = ""
        self.timer_left: float | None = None
        self.timer_running = True
        """Whether the round timer counts down (a facilitator may stop the clock)."""
        self.saved_rounds = 0
        """How many rounds the last save written (the autosave or Ctrl+S) holds."""
        self.save_failure: str | None = None
        """Why the last save could not be written (one sentence), until a save succeeds: the
        window says the rounds since are played but not saved, and offers to save elsewhere."""
        self.autosave_note = ""
        """What happened to an autosave that could not be read (named and set aside)."""
        for folder in (self.home, self.home / "saves", self.home / "screenshots"):
            clean_temporaries(folder)  # what a killed write left behind

    # -- jobs ----------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """A job that changes the game is running: screens must not read the game."""
        return self._job is not None and not self._job.done()

    def run_job(self, label: str, work: Callable[[], Any]) -> Future[Any]:
        """Run ``work`` on the worker thread after any job already queued; ``label`` says
        what it is doing (a quit dialog names it)."""
        self.job_label = label
        self._job = self._worker.submit(work)
        return self._job

    def close(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)

    def _changed_game(self, label: str, work: Callable[[], Any]) -> Future[Any]:
        """:meth:`run_job` for a job that begins a round (a game started, loaded, played on,
        undone or branched), followed on the worker by that round's preview work that no
        decision changes (:meth:`Game.prepare_preview`), done while people read the screen the
        job leads to: the round's first preview then comes as quickly as the next (at 100,000
        residents, a tenth of a second where it took over one). A fault there is logged, not
        raised: the preview meets it again and says so."""
        job = self.run_job(label, work)
        self._queue_preview_work()
        return job

    def _queue_preview_work(self) -> None:
        """Queue the round's preview work that no decision changes on the worker, after
        whatever is queued there (see :meth:`_changed_game`)."""
        self._worker.submit(self._prepare_preview)

    def _prepare_preview(self) -> None:
        game = self.game
        if game is None:
            return
        try:
            game.prepare_preview()
        except Exception as exc:
            self.log_fault(exc)

    @property
    def autosave_path(self) -> Path:
        return self.home / "saves" / "autosave.json"

    # -- starting, loading, saving -------------------------------------------------------

    def start(self, setup: Setup) -> Future[Any]:
        """Build the town and the game on the worker (a big town takes some seconds)."""

        def work() -> Game:
            _, town = scenario_town(setup.town_ref, self.framework)
            game = Game(
                self._scenario(town, setup.residents),
                rounds=setup.rounds,
                years_per_round=setup.years_per_round,
                seed=setup.seed,
                teams=setup.teams,
            )
            self._adopt(game, setup, town)
            return game

        return self._changed_game("Building the town", work)

    def load(self, path: Path) -> Future[Any]:
        """Load a saved game on the worker (it replays every round and checks each)."""

        def work() -> Game:
            events = self.events
            loaded = load_saved(path, self.framework, self.network, self.interventions, events)
            save = loaded.save
            self.challenge = self._saved_challenge(path, save.challenge)
            setup = Setup(
                town_ref=save.town,
                teams=save.teams,
                rounds=save.rounds,
                years_per_round=save.years_per_round,
                seed=save.seed,
                residents=save.residents,
            )
            self._adopt(loaded.game, setup, loaded.town, loaded.branches)
            return loaded.game

        return self._changed_game("Replaying the saved game", work)

    def challenges(self) -> dict[str, ChallengeFile]:
        """The challenges a game can be played to, by id: the shipped ones and the user
        folder's (which never replace a shipped one: see model/user_folder.py)."""
        from model.challenges import shipped_challenges

        mine = self.user.challenges if self.user is not None else ()
        return {c.id: c for _, c in (*shipped_challenges(self.framework), *mine)}

    def _saved_challenge(self, path: Path, challenge_id: str | None) -> ChallengeFile | None:
        """The challenge a save names, or a refusal naming it if it is no longer known (the
        game would otherwise be judged by nothing, and nobody told)."""
        if challenge_id is None:
            return None
        found = self.challenges().get(challenge_id)
        if found is None:
            message = (
                f"this game was played to the challenge '{challenge_id}', which is neither "
                "shipped nor in your scenarios folder: put its file back there to load it"
            )
            raise ScenarioError([Problem(str(path), None, "challenge", message)])
        return found

    def save(self, path: Path | None = None) -> Path:
        """Save now (all or nothing); returns where. :class:`~model.safefile.WriteError` (one
        sentence) if it cannot be written; the game is unchanged either way."""
        if self.game is None or self.setup is None:
            raise RuntimeError("there is no game to save")
        target = path or self.default_save_path()
        self._write(self.game, target, self.setup.town_ref)
        return target

    def default_save_path(self) -> Path:
        """Where Ctrl+S saves the game in play: ``saves/<town>-seed<seed>-round<n>.json``."""
        assert self.game is not None and self.setup is not None
        return (
            self.home
            / "saves"
            / (
                f"{self.town.id if self.town else 'game'}-seed{self.setup.seed}"
                f"-round{len(self.game.reports)}.json"
            )
        )

    def _write(self, game: Game, path: Path, town_ref: str) -> None:
        """Write a save, and remember how many rounds it holds (see :attr:`unsaved_rounds`).
        The main game is saved with every branch, whichever is in play."""
        desk = self.desk
        challenge = self.challenge.id if self.challenge is not None else None
        if desk is not None and game in (desk.main, *(b.game for b in desk.branches)):
            save_game(desk.main, path, town_ref, desk.branches, challenge)
        else:
            save_game(game, path, town_ref, challenge=challenge)
        self.saved_rounds = len(game.reports)
        self.save_failure = None

    def _autosave(self, game: Game, town_ref: str) -> None:
        """Write the autosave; if it cannot be written, the round stands (it has been played)
        and :attr:`save_failure` says why, so the window can tell the facilitator the truth
        and offer to save elsewhere, instead of failing the round that did happen."""
        try:
            self._write(game, self.autosave_path, town_ref)
        except WriteError as exc:
            self.save_failure = str(exc)

    @property
    def unsaved_rounds(self) -> int:
        """Rounds played since the last save was written (0 while the autosave keeps up)."""
        return len(self.game.reports) - self.saved_rounds if self.game is not None else 0

    def autosave_offer(self) -> SaveFile | None:
        """The autosave if it holds an unfinished game to resume, else None. An autosave that
        cannot be used is set aside (renamed ``autosave.bad-<n>.json``, never deleted) and
        :attr:`autosave_note` names it and why, so a bad file never stops the game opening."""
        self.autosave_note = ""
        path = self.autosave_path
        if not os.path.lexists(path):
            return None
        try:
            save = read_save(path, self.interventions)
        except ScenarioError as exc:
            why = exc.problems[0].message + (
                f" (and {len(exc.problems) - 1} more problems)" if len(exc.problems) > 1 else ""
            )
            self.autosave_note = f"The autosave {path} could not be read: {why}. " + _set_aside(
                path
            )
            return None
        return save if save.played < save.rounds else None

    def _scenario(self, town: TownFile, residents: int | None) -> GameScenario:
        return GameScenario(
            self.framework,
            self.network,
            town,
            self.interventions,
            self.events,
            residents,
        )

    def _adopt(
        self, game: Game, setup: Setup, town: TownFile, branches: Sequence[Branch] = ()
    ) -> None:
        self.desk = BranchDesk(game, list(branches))
        game.after_round.append(lambda g: self._autosave(g, setup.town_ref))
        for kept in branches:
            kept.game.after_round.append(lambda g: self._autosave(g, setup.town_ref))
        self._autosave(game, setup.town_ref)
        self.game, self.setup, self.town = game, setup, town
        self.new_round()

    def make_branch(self, after_round: int) -> Future[Any]:
        """Rewind the main game to ``after_round`` in a new branch holding the weights the
        facilitator accepted, and play on in it (on the worker: it may replay rounds)."""
        assert self.desk is not None and self.setup is not None
        desk, town_ref = self.desk, self.setup.town_ref

        def work() -> Branch:
            made = desk.make(after_round)
            made.game.after_round.append(lambda g: self._autosave(g, town_ref))
            self.game = desk.switch(made.name)
            self._autosave(made.game, town_ref)
            self.new_round()
            return made

        return self._changed_game("Making the branch", work)

    def switch_branch(self, name: str) -> None:
        """Play on in another branch (its drafts start from its own last round)."""
        assert self.desk is not None
        self.game = self.desk.switch(name)
        self.new_round()
        self._queue_preview_work()

    # -- the round -----------------------------------------------------------------------

    def new_round(self, carry_over: bool = True) -> None:
        """Drafts for the round about to be played: last round's funding, each team's own
        amounts (co-funding included), so that nobody re-enters what should carry on; each team
        can clear its own (:meth:`clear_team`). The timer restarts."""
        self.drafts = {team: {} for team in self.teams}
        self.carried_from = {}
        self.trimmed = {}
        if carry_over and self.game is not None and self.game.decisions and not self.game.over:
            last = self.game.decisions[-1]
            budgets = self.game.budgets()
            for team in self.teams:
                if last.get(team):
                    self.drafts[team] = _within(dict(last[team]), budgets.get(team, 0.0))
                    self.carried_from[team] = len(self.game.decisions)
                    if self.drafts[team] != last[team]:
                        self.trimmed[team] = sum(last[team].values())
        self._undo.clear()
        self._redo.clear()
        self._last_edit = None
        self.preview = None
        self.preview_error = None
        self.preview_band = None
        self._preview_key = ""
        minutes = self.setup.timer_minutes if self.setup else 0
        self.timer_left = minutes * 60.0 if minutes else None
        self.timer_running = True

    # -- the round timer -----------------------------------------------------------------

    @property
    def plans_locked(self) -> bool:
        """The round timer has run out: drafts cannot change until the facilitator extends
        the timer (or plays the round). No timer, no lock."""
        return self.timer_left is not None and self.timer_left <= 0

    def start_timer(self, minutes: float) -> None:
        """Start the round timer afresh: ``minutes`` to go."""
        self.timer_left, self.timer_running = max(0.0, minutes * 60.0), True

    def extend_timer(self, minutes: float) -> None:
        """More time for this round (unlocks the plans if the timer had run out)."""
        self.timer_left = max(0.0, self.timer_left or 0.0) + minutes * 60.0
        self.timer_running = True

    def stop_timer(self) -> None:
        """No timer for this round (and so no lock)."""
        self.timer_left = None

    def tick(self, seconds: float) -> None:
        """Let ``seconds`` of the round pass on the timer (the window's or the host's clock)."""
        if self.timer_left is not None and self.timer_running:
            self.timer_left = max(0.0, self.timer_left - seconds)

    @property
    def live(self) -> Game:
        """The game in play (screens past the start screen only exist once there is one)."""
        if self.game is None:
            raise RuntimeError("no game has been started")
        return self.game

    @property
    def teams(self) -> tuple[str, ...]:
        return self.game.teams if self.game is not None else ()

    def sector_name(self, sector_id: str) -> str:
        return next(s.name for s in self.interventions.sectors if s.id == sector_id)

    def set_pounds(self, team: str, intervention: str, pounds: float) -> None:
        """One team's pounds a year in one intervention (0 removes it); undoable. Changes in a
        row to the same team's same intervention (dragging a slider) are one undo step."""
        pounds = max(0.0, math.floor(pounds + 1e-6))  # whole pounds, never above the ask
        if self.plans_locked:
            return
        if self.drafts.get(team, {}).get(intervention, 0.0) == pounds:
            return
        if self._last_edit != (team, intervention) or not self._undo:
            self._undo.append({t: dict(d) for t, d in self.drafts.items()})
        self._last_edit = (team, intervention)
        self._redo.clear()
        if pounds:
            self.drafts.setdefault(team, {})[intervention] = pounds
        else:
            self.drafts.setdefault(team, {}).pop(intervention, None)

    def put_back(self, decisions: Drafts) -> None:
        """A round undone: its decisions are this round's drafts again (not carried over)."""
        self.new_round(carry_over=False)
        self.drafts = {t: dict(decisions.get(t, {})) for t in self.teams}

    def clear_team(self, team: str) -> None:
        """Take all of one team's money out of this round's drafts (undoable)."""
        if not self.drafts.get(team) or self.plans_locked:
            return
        self._undo.append({t: dict(d) for t, d in self.drafts.items()})
        self._redo.clear()
        self._last_edit = None
        self.drafts[team] = {}
        self.carried_from.pop(team, None)
        self.trimmed.pop(team, None)

    def end_edit(self) -> None:
        """The next change starts a new undo step (a slider was let go, a tab changed)."""
        self._last_edit = None

    def undo_draft(self) -> bool:
        self._last_edit = None
        if not self._undo:
            return False
        self._redo.append(self.drafts)
        self.drafts = self._undo.pop()
        return True

    def redo_draft(self) -> bool:
        self._last_edit = None
        if not self._redo:
            return False
        self._undo.append(self.drafts)
        self.drafts = self._redo.pop()
        return True

    @property
    def can_undo_draft(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo_draft(self) -> bool:
        return bool(self._redo)

    def spent(self, team: str) -> float:
        return float(sum(self.drafts.get(team, {}).values()))

    def funders(self, intervention: str) -> dict[str, float]:
        """Who has put money into an intervention this round, and how much."""
        return {
            team: spend[intervention]
            for team, spend in self.drafts.items()
            if spend.get(intervention, 0.0) > 0
        }

    def _drafts_key(self) -> str:
        return repr(sorted((t, sorted(d.items())) for t, d in self.drafts.items()))

    def problems(self) -> list[str]:
        """What is wrong with the drafts now (overspending, too little to run...), in words.
        Worked out again whenever the drafts (or the round) change, so it is never stale."""
        assert self.game is not None
        key = f"{self.game.round}:{self._drafts_key()}"
        if self._problems[0] != key:
            try:
                self.game.check(self.drafts)
                found: list[str] = []
            except ScenarioError as exc:
                found = [p.message for p in exc.problems]
            self._problems = (key, found)
        return list(self._problems[1])

    def simulate(self) -> Future[Any]:
        """Play the round with the drafts (on the worker); the result is the round's report."""
        assert self.game is not None
        game, decisions = self.game, {t: dict(d) for t, d in self.drafts.items()}
        self._bands_from += 1  # a preview's band still being worked out stops: the round is on

        def work() -> RoundReport:
            if self.desk is not None:
                self.desk.play(game, decisions)  # a branch meets the main game's events
                return game.reports[-1]
            return game.submit(decisions)

        return self._changed_game("Simulating", work)

    def undo_round(self) -> Future[Any]:
        """Take back the last round; its decisions come back as this round's drafts."""
        assert self.game is not None
        game = self.game

        def work() -> dict[str, dict[str, float]]:
            last = game.decisions[-1]
            game.undo()
            assert self.setup is not None
            self._autosave(game, self.setup.town_ref)
            return last

        return self._changed_game("Undoing the last round", work)

    # -- the facilitator's events --------------------------------------------------------

    def inject_event(self, event_id: str) -> str:
        """Make an event from the events file happen this round (from its first year), before
        the round is played; a sentence saying so. KeyError for an unknown event."""
        return self._choose_events(event_id, add=True)

    def veto_event(self, event_id: str) -> str:
        """Stop an event drawn for this round from happening; a sentence saying so."""
        return self._choose_events(event_id, add=False)

    def _choose_events(self, event_id: str, add: bool) -> str:
        game = self.live
        names = {e.id: e.name for e in game.scenario.events.events}
        if event_id not in names:
            raise KeyError(event_id)
        now = [d.event for d in game.pending_events]
        if add == (event_id in now):
            return f"{names[event_id]} is {'already' if add else 'not'} in this round's events."
        game.choose_events([*now, event_id] if add else [e for e in now if e != event_id])
        self._problems = ("", [])  # a funding cut moves the budgets the drafts must fit
        self._preview_key = ""
        self._queue_preview_work()  # the round's kept work was for the events as they were
        verb = "will happen this round" if add else "is vetoed: it will not happen this round"
        return f"{names[event_id]} {verb}."

    # -- the preview ---------------------------------------------------------------------

    def refresh_preview(self) -> None:
        """Ask for a preview of the current drafts (dropped if the drafts change meanwhile)."""
        if self.game is None or self.busy:
            return
        key = self._drafts_key()
        if key == self._preview_key:
            return
        self._preview_key = key
        self.preview_error = None
        self.preview_band = None  # a band of other drafts is stale: dropped
        self.band_problem = None
        if not any(self.drafts.values()) or self.problems():
            self.preview = None  # the plan screen shows the drafts' problems as they stand
            return
        game, decisions = self.game, {t: dict(d) for t, d in self.drafts.items()}
        self._preview_job = self._worker.submit(lambda: game.preview(decisions))
        self._preview_job.add_done_callback(partial(self._took_preview, key=key))

    def _took_preview(self, job: Future[Preview], *, key: str) -> None:
        if key != self._preview_key or job.cancelled():
            return
        try:
            preview = job.result()
        except ScenarioError as exc:
            self.preview, self.preview_error = None, exc.problems[0].message
            return
        except Exception as exc:  # a fault of ours: said and logged, not "working" for ever
            self.preview = None
            self.preview_error = f"The preview could not be worked out. {self.log_fault(exc)}"
            return
        self.preview, self.preview_error = preview, None

    def log_fault(self, exc: BaseException) -> str:
        """Append an unexpected fault's traceback to ``errors.log`` in the user folder; a
        sentence saying where the details are. Never raises: it runs in error handlers and on
        the worker, where a second fault (an unwritable log) must not take anything down."""
        import traceback

        log = self.home / "errors.log"
        try:
            append_text(log, "".join(traceback.format_exception(exc)) + "\n")
        except Exception as logging_failed:
            return f"(The details could not be logged: {logging_failed})"
        return f"Details: {log}"

    def refresh_band(self) -> None:
        """Ask for the band of the preview now shown (once a preview, on the worker; stopped
        between futures and dropped if the drafts change). The plan screen asks once the drafts
        have stood still a while, so that editing never waits behind a band."""
        key = self._preview_key
        if self.game is None or self.busy or self.preview is None or self._band_key == key:
            return
        self._band_key = key
        game, decisions = self.game, {t: dict(d) for t, d in self.drafts.items()}
        current = partial(self._current, key, self._bands_from)
        self._band_job = self._worker.submit(
            lambda: preview_band(game, decisions, keep_going=current)
        )
        self._band_job.add_done_callback(partial(self._took_band, key=key))

    def _current(self, key: str, bands_from: int) -> bool:
        return key == self._preview_key and bands_from == self._bands_from

    def _took_band(self, job: Future[FuturesBand | None], *, key: str) -> None:
        if key != self._preview_key or job.cancelled():
            return
        fault = job.exception()
        if fault is not None:
            self.band_problem = self._band_failed(fault)
            return
        self.preview_band = job.result()

    def _band_failed(self, fault: BaseException) -> str:
        """What the screens say of a band that failed (its fault logged)."""
        return f"{BAND_FAILED} {self.log_fault(fault)}"

    @property
    def preview_pending(self) -> bool:
        return self._preview_job is not None and not self._preview_job.done()

    @property
    def band_pending(self) -> bool:
        """The preview's band is being worked out (the preview itself is in)."""
        return self._band_job is not None and not self._band_job.done()

    @property
    def band_ready(self) -> bool:
        """The band of the drafts as they stand is worked out (or failed)."""
        return (
            bool(self._preview_key)
            and self._band_key == self._preview_key
            and not (self.band_pending)
        )

    # -- the played game's band ----------------------------------------------------------

    def _played_key(self) -> tuple[Game | None, str]:
        """The game and what was played in it (a round undone and played otherwise differs)."""
        game = self.game
        if game is None:
            return (None, "")
        return (game, repr((game.decisions, [r.events for r in game.reports])))

    @property
    def played_band(self) -> FuturesBand | None:
        """The rounds played so far replayed in a few futures (model/future_bands.py), for the
        dashboard's band and the debrief's "beyond chance"; None until worked out for the game
        and the rounds as they stand (:meth:`refresh_played_band` asks for it)."""
        key, band = self._played
        return band if key == self._played_key() else None

    @property
    def played_band_pending(self) -> bool:
        return self._played_job is not None and not self._played_job.done()

    def refresh_played_band(self) -> None:
        """Ask for the played game's band if it is not worked out for the game as it stands
        (after a round, an undo, a load or a change of branch); screens call it as they
        update."""
        if self.game is None or self.busy or not self.game.reports:
            return
        key = self._played_key()
        if self._played[0] == key or self.played_band_pending:
            return
        game = self.game
        self.played_band_problem = None
        current = partial(lambda k: k == self._played_key(), key)
        self._played_job = self._worker.submit(lambda: played_band(game, keep_going=current))
        self._played_job.add_done_callback(partial(self._took_played, key=key))

    @property
    def played_band_ready(self) -> bool:
        """The played game's band is worked out for the game as it stands (or failed)."""
        return self._played[0] == self._played_key()

    def _took_played(
        self, job: Future[FuturesBand | None], *, key: tuple[Game | None, str]
    ) -> None:
        if job.cancelled() or key != self._played_key():
            return
        fault = job.exception()
        if fault is not None:
            self.played_band_problem = self._band_failed(fault)
        self._played = (key, job.result() if fault is None else None)


def _set_aside(path: Path) -> str:
    """Rename an unusable save to ``<stem>.bad-<n><suffix>`` (the first free n), keeping it for
    whoever wants to look at it; a sentence saying where it went (or why it could not move)."""
    for n in range(1, 10_000):
        aside = path.with_name(f"{path.stem}.bad-{n}{path.suffix}")
        if os.path.lexists(aside):
            continue
        try:
            os.rename(path, aside)
        except OSError as exc:
            return f"It could not be set aside ({describe_os_error(exc)}); start a new game."
        return f"It was set aside as {aside.name}; start a new game or load another save."
    return "It was left where it is; start a new game or load another save."


def _within(allocations: dict[str, float], budget: float) -> dict[str, float]:
    """A team's carried-over funding, cut in proportion (to whole pounds) where a smaller
    budget this round (a funding cut) no longer covers it: the plan carried on is one the round
    can play, and the team sees it was cut.

    >>> _within({"a": 600.0, "b": 400.0}, 900.0)
    {'a': 540.0, 'b': 360.0}
    >>> _within({"a": 600.0}, 900.0)
    {'a': 600.0}
    """
    total = sum(allocations.values())
    if total <= budget or total <= 0:
        return allocations
    share = max(budget, 0.0) / total
    cut = {k: float(math.floor(v * share)) for k, v in allocations.items()}
    return {k: v for k, v in cut.items() if v > 0}
