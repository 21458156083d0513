"""The start screen: choose a town (ready-made or any English district), the teams, the rounds.

Also loads a saved game, and offers to resume the autosave when the last game was left
unfinished (a crash, a closed laptop).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from game.dialogs import file_dialog
from game.draw import INK, MUTED, PANEL, WARN
from game.screens.base import Screen, as_html, keep_in_view, list_start, scroll_by
from game.session import Setup, fresh_seed
from model.challenges import ChallengeFile, goal_sentence, hints_for
from model.errors import ScenarioError
from model.safefile import WriteError, prepare_folder
from model.town.description import TownFile

if TYPE_CHECKING:
    from game.app import App

__all__ = ["StartScreen", "ready_made_towns"]

RESIDENTS = (
    ("Whole town", None),
    ("50,000 residents", 50_000),
    ("20,000 residents", 20_000),
    ("10,000 residents", 10_000),
)
TIMER = (("No timer", 0), ("5 minutes", 5), ("10 minutes", 10), ("15 minutes", 15))


NO_CHALLENGE = "No challenge (a free game)"


def challenge_choices(session: Any) -> dict[str, ChallengeFile]:
    """The challenges a game can be played to: the shipped ones, by name."""
    challenges: dict[str, ChallengeFile] = session.challenges()
    return challenges


def ready_made_towns(session: Any) -> list[tuple[str, TownFile]]:
    """The shipped scenarios: the five pilot towns, the teaching towns, then Brackenbury; then
    the towns of the user scenarios folder, marked as the trainer's own."""
    from model.loading import shipped_towns

    mine = session.user.towns if session.user is not None else ()
    own = [(ref, town.model_copy(update={"name": f"{town.name} (yours)"})) for ref, town in mine]
    return [*shipped_towns(session.framework), *own]


class StartScreen(Screen):
    name = "start"
    title = "Start"
    keys_help = (
        ("Up / Down", "choose a ready-made town (or the next district found)"),
        ("Page Up / Down", "scroll the town's description"),
        ("1-5", "add or remove a team"),
        ("Ctrl+F", "search England's districts (Enter takes the first match)"),
        ("+ / -", "more or fewer rounds"),
        ("] / [", "more or fewer years a round"),
        ("M / T", "residents modelled / round timer: the next choice"),
        ("Enter", "start the game"),
        ("Ctrl+L", "load a saved game"),
        ("Ctrl+R", "resume the unfinished game"),
        ("C", "a trainer's challenge: the next one (sets the town, teams and rounds)"),
    )

    def __init__(self, app: App, scenario: str | None = None) -> None:
        super().__init__(app)
        self.towns = ready_made_towns(self.session)
        self.sectors = self.session.interventions.sectors
        self.choice = scenario or self.towns[0][0]
        self.query = ""
        self.found: list[Any] = []
        self.teams: list[str] = [s.id for s in self.sectors[:3]]
        self.rounds = 4
        self.years = 2
        self.seed = fresh_seed()  # a different story each workshop; type one to repeat a game
        self.residents: int | None = None
        self.timer = 0
        self.challenges = challenge_choices(self.session)
        self.challenge: str | None = None
        """The chosen challenge's id, or None for a free game."""
        self.offer = self.session.autosave_offer()
        self.error = ""
        self._description: tuple[str, TownFile] | None = None

    # -- state ---------------------------------------------------------------------------

    def town(self) -> TownFile | None:
        """The chosen town's description (a real place is built from the places table)."""
        if self._description is not None and self._description[0] == self.choice:
            return self._description[1]
        from model.loading import scenario_town

        try:
            _, town = scenario_town(self.choice, self.session.framework)
        except (ScenarioError, KeyError):
            return None
        self._description = (self.choice, town)
        return town

    def setup(self) -> Setup:
        return Setup(
            town_ref=self.choice,
            teams=tuple(t for t in (s.id for s in self.sectors) if t in self.teams),
            rounds=self.rounds,
            years_per_round=self.years,
            seed=self.seed,
            residents=self.residents,
            timer_minutes=self.timer,
        )

    # -- widgets -------------------------------------------------------------------------

    def build(self, area: pygame.Rect) -> None:
        px, ui = self.style.px, self.ui
        left = pygame.Rect(area.left + px(24), area.top + px(64), px(560), area.height)
        starts = (list_start(getattr(self, "town_list", None)), list_start(self._found_list()))
        names: list[str | tuple[str, str]] = [name for _, name in self._town_items()]
        self.town_list = pygame_gui.elements.UISelectionList(
            pygame.Rect(left.left, left.top + px(28), left.width, px(30) * min(len(names), 5) + 4),
            names,
            ui,
            default_selection=self._town_label(),
        )
        refs = [ref for ref, _ in self.towns]
        keep_in_view(
            self.town_list, refs.index(self.choice) if self.choice in refs else None, starts[0]
        )
        y = self.town_list.rect.bottom + px(40)
        self.search = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(left.left, y, left.width, px(38)),
            ui,
            placeholder_text="Type part of a district's name or code, e.g. hastings",
        )
        self.search.set_text(self.query)
        self._search_y = y
        labels: list[str | tuple[str, str]] = [self._place_label(p) for p in self.found]
        chosen = self._found_index()
        self.found_list = pygame_gui.elements.UISelectionList(
            pygame.Rect(left.left, y + px(44), left.width, px(30) * 3 + 4),
            labels,
            ui,
            default_selection=labels[chosen] if chosen is not None else None,
        )
        keep_in_view(self.found_list, chosen, starts[1])
        self._left = left
        box = pygame.Rect(
            left.left,
            self.found_list.rect.bottom + px(12),
            left.width,
            area.bottom - self.found_list.rect.bottom - px(24),
        )
        self._box = box
        # the town's description scrolls (mouse wheel, Page Up / Down): never cut short
        self.about = pygame_gui.elements.UITextBox(
            self._about_html(),
            pygame.Rect(box.left + px(4), box.top + px(38), box.width - px(8), box.height - px(42)),
            ui,
            object_id=pygame_gui.core.ObjectID(class_id="@plain"),
        )
        right_x = area.left + px(620)
        width = area.right - right_x - px(24)
        y = area.top + px(64)
        self._teams_y = y
        # each team's button as wide as its name needs, the room left shared out evenly
        f = self.style.font(14, bold=True)
        needs = [f.size(sector.short_name)[0] + px(24) for sector in self.sectors]
        spare = max(0, width - px(8) * (len(needs) - 1) - sum(needs)) // len(needs)
        x = right_x
        for k, sector in enumerate(self.sectors):
            chosen_team = sector.id in self.teams
            bw = needs[k] + spare
            b = self.button(
                pygame.Rect(x, y + px(28), bw, px(40)),
                sector.short_name,
                f"team:{sector.id}",
                tip=f"{sector.name}: {sector.objective} (key {k + 1})",
                key=pygame.K_1 + k,
                kind="chosen" if chosen_team else "small",
            )
            b.text_horiz_alignment = "center"
            x += bw + px(8)
        y += px(104)
        self._rows_y = y
        for k, (label, command_down, command_up) in enumerate(
            (("rounds", "rounds:-1", "rounds:+1"), ("years", "years:-1", "years:+1"))
        ):
            row = y + k * px(46)
            self.button(
                pygame.Rect(right_x + px(190), row, px(40), px(36)),
                "−",
                command_down,
                tip=f"fewer {label}",
            )
            self.button(
                pygame.Rect(right_x + px(290), row, px(40), px(36)),
                "+",
                command_up,
                tip=f"more {label}",
            )
        row = y + 2 * px(46)
        self.seed_entry = pygame_gui.elements.UITextEntryLine(
            pygame.Rect(right_x + px(190), row, px(140), px(36)), ui
        )
        self.seed_entry.set_text(str(self.seed))
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text_length_limit(18)  # a seed a save can hold (model.saves.MAX_SEED)
        row += px(46)
        options = list(RESIDENTS)
        if all(value != self.residents for _, value in options):
            options.append((f"{self.residents:,} residents", self.residents))
        self.residents_options = dict(options)
        self.residents_menu = pygame_gui.elements.UIDropDownMenu(
            [label for label, _ in options],
            next(label for label, value in options if value == self.residents),
            pygame.Rect(right_x + px(190), row, px(240), px(36)),
            ui,
        )
        row += px(46)
        self.timer_menu = pygame_gui.elements.UIDropDownMenu(
            [label for label, _ in TIMER],
            next(label for label, value in TIMER if value == self.timer),
            pygame.Rect(right_x + px(190), row, px(240), px(36)),
            ui,
        )
        row += px(46)
        self.challenge_names: dict[str, str | None] = {NO_CHALLENGE: None}
        self.challenge_names.update({c.name: i for i, c in self.challenges.items()})
        playing = self.challenges.get(self.challenge or "")
        self.challenge_menu = pygame_gui.elements.UIDropDownMenu(
            list(self.challenge_names),
            playing.name if playing else NO_CHALLENGE,
            pygame.Rect(right_x + px(190), row, width - px(190), px(36)),
            ui,
        )
        row += px(60)
        self.button(
            pygame.Rect(right_x, row, px(220), px(48)),
            "Start the game",
            "start",
            tip="Build the town and go to round 1's briefing (Enter)",
            key=pygame.K_RETURN,
            kind="primary",
        )
        self.button(
            pygame.Rect(right_x + px(232), row, px(200), px(48)),
            "Load a saved game",
            "load",
            tip="Open a save file (Ctrl+L)",
        )
        self._note_rect: pygame.Rect | None = None
        if self.offer is not None:
            done, rounds = self.offer.played, self.offer.rounds
            self.button(
                pygame.Rect(right_x, row + px(58), px(432), px(44)),
                f"Resume the unfinished game ({done} of {rounds} rounds played)",
                "resume",
                tip="The game that was running when the window closed (Ctrl+R)",
            )
        elif self.session.autosave_note:  # an unreadable autosave, named and set aside
            room = max(px(60), area.bottom - row - px(58))
            self._note_rect = pygame.Rect(right_x, row + px(58), width, room)
        self._right = pygame.Rect(right_x, area.top, width, area.height)

    def choose_challenge(self, challenge_id: str | None) -> None:
        """Play to a challenge: its town, teams, rounds, years and residents (all can still
        be changed by hand, and the challenge is still judged), or to none."""
        self.challenge = challenge_id
        chosen = self.challenges.get(challenge_id or "")
        if chosen is not None:
            self.choice = chosen.town
            self.teams = list(chosen.teams)
            self.rounds, self.years = chosen.rounds, chosen.years_per_round
            self.residents = chosen.residents
        self.app.rebuild()

    def _challenge_html(self) -> str:
        """The chosen challenge, above the town's description: what to aim for, and hints."""
        chosen = self.challenges.get(self.challenge or "")
        if chosen is None:
            return ""
        fw = self.session.framework
        goals = "<br>".join(f"• {as_html(goal_sentence(g, fw))}" for g in chosen.goals)
        hints = "".join(f"<br><i>Hint: {as_html(h)}</i>" for h in hints_for(chosen, 0))
        return (
            f"<font color='#1d232a'><b>Challenge: {as_html(chosen.name)}</b><br>"
            f"{as_html(chosen.description)}<br><b>Goals, judged at the debrief</b><br>{goals}"
            f"{hints}</font><br><br>"
        )

    def _found_list(self) -> pygame_gui.elements.UISelectionList | None:
        return getattr(self, "found_list", None)

    def _found_index(self) -> int | None:
        codes = [f"place:{p.code}" for p in self.found]
        return codes.index(self.choice) if self.choice in codes else None

    def _about_html(self) -> str:
        town = self.town()
        if town is None:
            return ""
        text = getattr(town, "briefing", None) or town.description
        return (
            self._challenge_html()
            + f"<font color='#4f5964'>{as_html(text)}</font>"
            + self._figures_html(town)
        )

    def _figures_html(self, town: TownFile) -> str:
        """Where each starting figure comes from, below the briefing: for a real district, each
        figure's value, unit, year, geography (district, county or filled by rule), producer
        and the score it gives; for a town of medians, the districts it is the median of."""
        from model.places import place, place_code_of, start_figures

        code = place_code_of(self.choice)
        if code is not None:
            figures = start_figures(place(code), self.session.framework)
            body = "<br>".join(
                f"<font color='#1d232a'><b>{as_html(f.name)}</b> {f.value:,.4g} "
                f"{as_html(f.unit)}</font> · {as_html(f.year)} · "
                f"{as_html(f.short_geography)} · {as_html(f.producer)} · "
                f"<b>score {f.score:.1f}</b>"
                for f in figures
            )
            head = f"Where {town.name}'s figures come from ({code})"
        elif town.sources:
            first = next(iter(town.sources.values()))
            body = as_html("Each figure is the " + first.split("; from ")[0] + ".")
            head = f"Where {town.name}'s figures come from"
        else:
            return ""
        return f"<br><br><font color='#1d232a'><b>{as_html(head)}</b></font><br>" + (
            f"<font color='#4f5964'>{body}</font>"
        )

    def _chose(self) -> None:
        """The choice changed without a rebuild (a click in a list): show its description."""
        self.about.set_text(self._about_html())

    def _town_items(self) -> list[tuple[str, str]]:
        return [(ref, town.name) for ref, town in self.towns]

    def _town_label(self) -> str | None:
        return next((name for ref, name in self._town_items() if ref == self.choice), None)

    @staticmethod
    def _place_label(p: Any) -> str:
        return f"{p.name} ({p.code}, {p.population:,})"

    # -- input ---------------------------------------------------------------------------

    def command(self, name: str) -> None:
        if name.startswith("team:"):
            team = name[5:]
            if team in self.teams:
                if len(self.teams) > 2:
                    self.teams.remove(team)
                else:
                    self.app.toast("A game needs at least two teams.")
            else:
                self.teams.append(team)
            self.app.rebuild()
        elif name.startswith(("rounds:", "years:")):
            what, step = name.split(":")
            if what == "rounds":
                self.rounds = min(10, max(1, self.rounds + int(step)))
            else:
                self.years = min(5, max(1, self.years + int(step)))
        elif name == "start":
            self._start()
        elif name == "load":
            self._open_load_dialog()
        elif name == "resume":
            self._load(self.session.autosave_path)

    def on_key(self, event: pygame.event.Event) -> bool:
        ctrl = bool(event.mod & pygame.KMOD_CTRL)
        if ctrl and event.key == pygame.K_l:
            self.command("load")
            return True
        if ctrl and event.key == pygame.K_r and self.offer is not None:
            self.command("resume")
            return True
        if ctrl and event.key == pygame.K_f:
            self.ui.set_focus_set(self.search)
            return True
        steps = {
            pygame.K_PLUS: "rounds:+1",
            pygame.K_EQUALS: "rounds:+1",
            pygame.K_KP_PLUS: "rounds:+1",
            pygame.K_MINUS: "rounds:-1",
            pygame.K_KP_MINUS: "rounds:-1",
            pygame.K_RIGHTBRACKET: "years:+1",
            pygame.K_LEFTBRACKET: "years:-1",
        }
        if event.key in steps:
            self.command(steps[event.key])
            return True
        if event.key == pygame.K_c and not ctrl:
            ids: list[str | None] = [None, *self.challenges]
            k = ids.index(self.challenge) if self.challenge in ids else 0
            self.choose_challenge(ids[(k + 1) % len(ids)])
            return True
        if event.key in (pygame.K_m, pygame.K_t):
            if event.key == pygame.K_m:
                values = [v for v in self.residents_options.values()]
                self.residents = values[(values.index(self.residents) + 1) % len(values)]
            else:
                timers = [v for _, v in TIMER]
                self.timer = timers[(timers.index(self.timer) + 1) % len(timers)]
            self.app.rebuild()
            return True
        if event.key in (pygame.K_UP, pygame.K_DOWN):
            # through the districts found, if one of them is chosen; else the ready-made towns
            found = [f"place:{p.code}" for p in self.found]
            refs = found if self.choice in found else [ref for ref, _ in self.towns]
            k = refs.index(self.choice) if self.choice in refs else -1
            k = (k + (1 if event.key == pygame.K_DOWN else -1)) % len(refs)
            self.choice = refs[k]
            self.app.rebuild()
            return True
        if event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            return scroll_by(self.about, 0.8 if event.key == pygame.K_PAGEDOWN else -0.8)
        return super().on_key(event)

    def handle(self, event: pygame.event.Event) -> bool:
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION:
            if event.ui_element is self.town_list:
                label = self.town_list.get_single_selection()
                self.choice = next(ref for ref, name in self._town_items() if name == label)
                self._chose()
                return True
            if event.ui_element is self.found_list:
                label = self.found_list.get_single_selection()
                match = next((p for p in self.found if self._place_label(p) == label), None)
                if match is not None:
                    self.choice = f"place:{match.code}"
                    self._chose()
                return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED:
            if event.ui_element is self.search:
                self.query = self.search.get_text()
                self._search()
                return True
            if event.ui_element is self.seed_entry:
                text = self.seed_entry.get_text()
                self.seed = int(text) if text.isdigit() else 0
                return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED and event.ui_element is self.search:
            if self.found:
                self.choice = f"place:{self.found[0].code}"
                self.app.rebuild()  # the first match is chosen in the list, and described
            return True
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is self.residents_menu:
                self.residents = self.residents_options[event.text]
            elif event.ui_element is self.timer_menu:
                self.timer = dict(TIMER)[event.text]
            elif event.ui_element is self.challenge_menu:
                self.choose_challenge(self.challenge_names.get(event.text))
            return True
        if event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED:
            self._load(Path(event.text))
            return True
        return False

    def _search(self) -> None:
        from model.places import find_places

        self.found = find_places(self.query)[:40] if len(self.query.strip()) >= 2 else []
        self.found_list.set_item_list([self._place_label(p) for p in self.found])

    def _open_load_dialog(self) -> None:
        folder = self.session.home / "saves"
        try:
            prepare_folder(folder)
        except WriteError:  # an unwritable home: saves can still be picked from anywhere
            folder = Path.home()
        file_dialog(
            self.ui,
            self.app.window.get_rect(),
            self.style.px,
            "Load a saved game",
            folder,
            saving=False,
        )

    def _start(self) -> None:
        if self.town() is None:
            self.app.toast(f"Cannot read the town '{self.choice}'.")
            return
        setup = self.setup()
        self.session.challenge = self.challenges.get(self.challenge or "")
        self.app.wait(self.session.start(setup), self._started, "Building the town", back=self)

    def _load(self, path: Path) -> None:
        self.app.wait(self.session.load(path), self._started, "Replaying the saved game", back=self)

    def _started(self, _game: Any) -> None:
        self.app.go("debrief" if self.session.live.over else "briefing")

    # -- drawing -------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        s, px = self.style, self.style.px
        area = self.app.area
        if self._note_rect is not None:
            s.wrapped(surface, self.session.autosave_note, self._note_rect, 14, WARN)
        s.text(
            surface,
            "A new workshop game",
            (area.left + px(24), area.top + px(14)),
            28,
            INK,
            bold=True,
        )
        s.text(surface, "Choose a town", (self._left.left, self._left.top), 18, INK, bold=True)
        s.text(
            surface,
            "…or any English district (search as you type)",
            (self._left.left, self._search_y - px(28)),
            18,
            INK,
            bold=True,
        )
        town = self.town()
        box = self._box
        pygame.draw.rect(surface, PANEL, box, border_radius=px(8))
        if town is not None:
            inner = box.inflate(-px(20), -px(16))
            s.text(
                surface,
                f"{town.name} · {town.population:,} people",
                inner.topleft,
                17,
                INK,
                bold=True,
                width=inner.width,
            )
        r = self._right
        s.text(surface, "Teams (2 to 5; keys 1-5)", (r.left, self._teams_y), 18, INK, bold=True)
        labels = (
            "Rounds",
            "Years a round",
            "Seed",
            "Residents modelled",
            "Round timer",
            "Challenge (C)",
        )
        for k, label in enumerate(labels):
            y = self._rows_y + k * px(46) + px(18)
            s.text(surface, label, (r.left, y), 17, INK, anchor="midleft")
        s.text(
            surface,
            str(self.rounds),
            (r.left + px(260), self._rows_y + px(18)),
            20,
            INK,
            bold=True,
            anchor="center",
        )
        s.text(
            surface,
            str(self.years),
            (r.left + px(260), self._rows_y + px(64)),
            20,
            INK,
            bold=True,
            anchor="center",
        )
        total = self.rounds * self.years
        s.text(
            surface,
            f"{total} simulated years",
            (r.left + px(350), self._rows_y + px(40)),
            15,
            MUTED,
            anchor="midleft",
        )
