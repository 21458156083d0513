"""The game window: one pygame_gui manager, a top bar for the facilitator, and the screens.

The app owns the window, the widget manager (rebuilt with scaled fonts whenever the window
changes size or mode), the current screen and the facilitator's controls that work everywhere:
pause, the round timer, save, undo the last round, a screenshot key, full screen, help, and
the colour-blind-safe palette. Screens reach the game only through :class:`game.session.Session`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from concurrent.futures import Future
from importlib import resources
from pathlib import Path
from typing import Any

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
import pygame_gui

from game.dialogs import file_dialog
from game.draw import BG, INK, MUTED, NIGHT, WARN, Style, money
from game.facilitator import KEYS as FACILITATOR_KEYS
from game.facilitator import EventsDialog, facilitator_key
from game.screens.base import HTML_SIZES, Screen
from game.session import Session
from model.safefile import WriteError, prepare_folder, writing

__all__ = ["App", "theme_for"]

BASE_SIZE = (1280, 720)
TOP_BAR = 46
"""Height of the facilitator's bar at the 1280x720 design size."""

NAV = (
    ("briefing", "Briefing", pygame.K_F2),
    ("plan", "Plan", pygame.K_F3),
    ("dashboard", "Dashboard", pygame.K_F4),
    ("network", "Network", pygame.K_F5),
    ("debrief", "Debrief", pygame.K_F6),
)

GLOBAL_KEYS = (
    ("F1", "help (this panel)"),
    ("F2-F6", "briefing, plan, dashboard, network, debrief"),
    ("F11", "full screen or window"),
    ("F12", "save a screenshot"),
    ("Ctrl+S", "save the game"),
    ("Ctrl+Shift+S", "save the game as (any folder, any name)"),
    ("Ctrl+Backspace", "undo the last round"),
    ("Ctrl+P", "pause or continue (also the Pause button)"),
    ("Ctrl+K", "colour-blind-safe colours on or off"),
    *FACILITATOR_KEYS,
    ("Ctrl+Q", "quit (asks first if a plan or a round is not saved)"),
    ("Esc / Tab", "leave a text box / go on to the next one"),
)


def theme_for(scale: float) -> dict[str, Any]:
    """The theme file with every font size (and list row height) multiplied by ``scale``."""
    text = (resources.files("game") / "theme.json").read_text(encoding="utf-8")
    theme: dict[str, Any] = json.loads(text)
    for block in theme.values():
        if "font" in block:
            block["font"]["size"] = str(max(9, round(int(block["font"]["size"]) * scale)))
        misc = block.get("misc", {})
        for key in ("list_item_height", "sliding_button_width", "rect_width", "title_bar_height"):
            if key in misc:
                misc[key] = str(round(int(misc[key]) * scale))
    return theme


class App:
    """The running game. ``frame`` draws one frame; ``run`` loops until the window closes."""

    def __init__(
        self,
        size: tuple[int, int] = BASE_SIZE,
        fullscreen: bool = False,
        home: Path | None = None,
        scenario: str | None = None,
        scenarios: Path | None = None,
    ) -> None:
        pygame.display.init()  # no sound: the game is silent, and audio would warn on servers
        pygame.font.init()
        pygame.display.set_caption("Thriving Places")
        self.windowed_size = size
        self.fullscreen = False
        self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.display.set_caption("Thriving Places")  # again: some window systems need the window
        self.session = Session(home, scenarios)
        self.safe_colours = False
        self.words: str | None = None
        """Whose words the network, dashboard and debrief speak (game/lens.py); None: plain."""
        self.paused = False
        self.show_help = False
        self.running = True
        self.toast_text = ""
        self.toast_left = 0.0
        self.asking_to_quit = False
        self.quit_dialog: pygame_gui.elements.UIWindow | None = None
        self.events_dialog: EventsDialog | None = None
        self.save_dialog: pygame_gui.windows.UIFileDialog | None = None
        self.buttons: dict[pygame_gui.core.UIElement, str] = {}
        self.style = Style.for_window(size)
        self.ui = self._manager()
        self.on_screen_shown: list[Callable[[Screen], None]] = []
        from game.screens import screen_named

        self.screen: Screen = screen_named("start", self, scenario)
        self.rebuild()
        if fullscreen:
            self.toggle_fullscreen()

    # -- window and widgets ---------------------------------------------------------------

    def _manager(self) -> pygame_gui.UIManager:
        size = self.window.get_size()
        self.style = Style.for_window(size)
        manager = pygame_gui.UIManager(
            size, theme_for(self.style.scale), enable_live_theme_updates=False
        )
        body = max(9, round(16 * self.style.scale))  # the text boxes' size (theme.json)

        fonts: list[dict[str, str | int | float]] = [
            {"name": "noto_sans", "point_size": body, "style": style}
            for style in ("italic", "bold_italic")
        ]
        fonts += [
            {"name": "noto_sans", "point_size": self.style.px(size), "style": style}
            for size in HTML_SIZES
            for style in ("regular", "bold")
        ]
        loaded = manager.get_theme().get_font_dictionary().check_font_preloaded
        manager.preload_fonts(
            [f for f in fonts if not loaded(f"noto_sans_{f['style']}_aa_{f['point_size']}")]
        )
        return manager

    @property
    def area(self) -> pygame.Rect:
        """Everything below the top bar."""
        top = self.style.px(TOP_BAR)
        width, height = self.window.get_size()
        return pygame.Rect(0, top, width, height - top)

    def rebuild(self) -> None:
        """Throw away every widget and build the top bar and the screen again from state."""
        self.ui.clear_and_reset()
        self.buttons = {}
        self.screen.buttons = {}
        self.screen.shortcuts = {}
        self._build_top_bar()
        self.screen.build(self.area)
        self.quit_dialog = None
        self.events_dialog = None
        if self.asking_to_quit:
            self._build_quit_dialog()

    def show(self, screen: Screen) -> None:
        """Switch to a screen."""
        self.screen = screen
        self.show_help = False
        self.rebuild()
        for hook in self.on_screen_shown:
            hook(screen)

    def resize(self, size: tuple[int, int]) -> None:
        current = pygame.display.get_surface()
        if current is not None:
            self.window = current
        if self.window.get_size() != size:
            self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.ui = self._manager()
        self.rebuild()

    def toggle_fullscreen(self) -> None:
        if self.fullscreen:
            self.window = pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)
        else:
            self.windowed_size = self.window.get_size()
            desktop = pygame.display.get_desktop_sizes()[0]
            self.window = pygame.display.set_mode(desktop, pygame.FULLSCREEN)
        self.fullscreen = not self.fullscreen
        self.ui = self._manager()
        self.rebuild()

    def _build_top_bar(self) -> None:
        px = self.style.px
        width = self.window.get_width()
        game = self.session.game
        ready = game is not None and not self.session.busy and self.screen.name != "start"
        x = px(330)
        for name, label, key in NAV:
            enabled = ready and (
                (name != "plan" or (game is not None and not game.over))
                and (name != "debrief" or (game is not None and game.over))
            )
            rect = pygame.Rect(x, px(7), px(102), px(32))
            button = pygame_gui.elements.UIButton(
                rect,
                label,
                self.ui,
                tool_tip_text=f"{label} ({pygame.key.name(key).upper()})",
                object_id=pygame_gui.core.ObjectID(class_id="@nav"),
            )
            if not enabled or self.screen.name == name:
                button.disable()
            self.buttons[button] = f"nav:{name}"
            x += px(106)
        right = width - px(8)
        for label, command, tip in (
            ("Help", "help", "Keys and controls (F1)"),
            ("Save", "save", "Save the game (Ctrl+S)"),
            ("Continue" if self.paused else "Pause", "pause", "Pause the clock (Ctrl+P)"),
        ):
            w = px(86)
            rect = pygame.Rect(right - w, px(7), w, px(32))
            button = pygame_gui.elements.UIButton(
                rect,
                label,
                self.ui,
                tool_tip_text=tip,
                object_id=pygame_gui.core.ObjectID(class_id="@nav"),
            )
            if command == "save" and not ready:
                button.disable()
            self.buttons[button] = command
            right -= w + px(6)
        self._timer_x = right

    # -- the facilitator's controls ------------------------------------------------------

    def toast(self, text: str, seconds: float = 4.0) -> None:
        """A short message at the bottom of the window."""
        self.toast_text, self.toast_left = text, seconds

    def failure(self, exc: BaseException) -> str:
        """Log an unexpected fault with its traceback; a sentence for the screen. Never raises:
        it runs inside error handlers, where a second fault (an unwritable log) would take
        the window down, so a log that cannot be written is only said in the sentence."""
        if isinstance(exc, WriteError):  # a plain fact, not a fault of ours: say it as it is
            return f"{exc} Nothing else has changed."
        details = self.session.log_fault(exc)
        return f"Something went wrong ({type(exc).__name__}); the game is as it was. {details}"

    def screenshot(self, folder: Path | None = None, name: str | None = None) -> Path:
        """Save a PNG of the window (all or nothing); :class:`WriteError` if it cannot be."""
        folder = prepare_folder(folder or self.session.home / "screenshots")
        if name is None:
            k = 1
            while (folder / f"{self.screen.name}-{k}.png").exists():
                k += 1
            name = f"{self.screen.name}-{k}.png"
        path = folder / name
        with writing(path, binary=True) as handle:
            pygame.image.save(self.window, handle, name)
        return path

    def save(self, path: Path | None = None) -> None:
        """Ctrl+S: save the game, and say where; if it cannot be written, say why and offer
        a save-as dialog to save it somewhere else (another disk, a USB stick)."""
        session = self.session
        if session.game is None or session.busy:
            return
        try:
            self.toast(f"Saved: {session.save(path)}")
        except WriteError as exc:  # the autosave, if it kept up, still holds every round
            self.toast(f"{exc} Choose another place to save it.", 10.0)
            self.open_save_dialog()

    def open_save_dialog(self) -> None:
        """A dialog to save the game under any name and folder (typed or picked)."""
        if self.save_dialog is not None and self.save_dialog.alive():
            return
        initial = self.session.default_save_path()
        if not initial.parent.is_dir():  # the saves folder is the trouble: start from home
            initial = Path.home() / initial.name
        self.save_dialog = file_dialog(
            self.ui,
            self.window.get_rect(),
            self.style.px,
            "Save the game as",
            initial,
            saving=True,
        )

    def command(self, name: str) -> None:
        """Commands of the top bar and the global keys."""
        session = self.session
        if name.startswith("nav:"):
            self.navigate(name[4:])
        elif name == "help":
            self.show_help = not self.show_help
        elif name == "pause":
            self.paused = not self.paused
            self.rebuild()
        elif name == "save":
            self.save()
        elif name == "save_as":
            if session.game is not None and not session.busy:
                self.open_save_dialog()
        elif name == "screenshot":
            try:
                self.toast(f"Screenshot: {self.screenshot()}")
            except WriteError as exc:
                self.toast(f"{exc} The game is unchanged.", 8.0)
        elif name == "fullscreen":
            self.toggle_fullscreen()
        elif name == "colours":
            self.safe_colours = not self.safe_colours
            self.toast("Colour-blind-safe colours " + ("on" if self.safe_colours else "off"))
        elif name == "undo_round":
            self.undo_round()
        elif name == "quit":
            self.ask_to_quit()
        elif name == "quit:yes":
            self.running = False
        elif name == "quit:no":
            self.asking_to_quit = False
            if self.quit_dialog is not None:
                self.quit_dialog.kill()
                self.quit_dialog = None

    # -- quitting ------------------------------------------------------------------------

    def unsaved(self) -> list[str]:
        """What quitting now would lose, in sentences (nothing: quit at once)."""

        session, game = self.session, self.session.game
        if game is None:
            return []
        if session.busy:
            return [f"The game is still at work ({session.job_label.lower()})."]
        lost: list[str] = []
        drafted = {t: session.spent(t) for t in session.teams if session.spent(t) > 0}
        if drafted and not game.over:
            items = {i for t in drafted for i in session.drafts.get(t, {})}
            lost.append(
                f"The plan for round {game.round} ({money(sum(drafted.values()))} a year in "
                f"{len(items)} intervention{'s' if len(items) != 1 else ''}) has not been "
                "played yet."
            )
        rounds = session.unsaved_rounds
        if rounds > 0:
            lost.append(
                f"{rounds} round{'s have' if rounds != 1 else ' has'} been played since the "
                "last save."
            )
        return lost

    def ask_to_quit(self) -> None:
        """Quit at once if nothing would be lost; otherwise ask (a second Ctrl+Q quits)."""
        if self.asking_to_quit or not self.unsaved():
            self.running = False
            return
        self.asking_to_quit = True
        self._build_quit_dialog()

    def _build_quit_dialog(self) -> None:
        px = self.style.px
        lost = self.unsaved()
        rect = pygame.Rect(0, 0, px(560), px(300))
        rect.center = self.window.get_rect().center
        window = pygame_gui.elements.UIWindow(
            rect, self.ui, window_display_title="Quit the game?", resizable=False
        )
        window.set_blocking(True)
        inner = window.get_container().get_rect()
        text = (
            " ".join(lost)
            + " Quitting now loses it (Ctrl+S saves the game).<br><br>"
            + "<b>Ctrl+Q</b> again quits; <b>Esc</b> goes back to the game."
        )
        pygame_gui.elements.UITextBox(
            text,
            pygame.Rect(px(12), px(10), inner.width - px(24), inner.height - px(80)),
            self.ui,
            container=window,
            object_id=pygame_gui.core.ObjectID(class_id="@plain"),
        )
        for k, (label, command, tip) in enumerate(
            (
                ("Keep playing", "quit:no", "Back to the game (Esc)"),
                ("Quit", "quit:yes", "Quit and lose what is not saved (Ctrl+Q)"),
            )
        ):
            button = pygame_gui.elements.UIButton(
                pygame.Rect(
                    inner.width - px(12) - (k + 1) * px(170) - k * px(10),
                    inner.height - px(60),
                    px(170),
                    px(46),
                ),
                label,
                self.ui,
                container=window,
                tool_tip_text=tip,
                object_id=pygame_gui.core.ObjectID(class_id="@primary" if k == 0 else None),
            )
            self.buttons[button] = command
        self.quit_dialog = window

    def go(self, name: str, *args: Any) -> None:
        """Show the screen called ``name`` (see :func:`game.screens.screen_named`)."""
        from game.screens import screen_named

        self.show(screen_named(name, self, *args))

    def navigate(self, name: str) -> None:
        """The facilitator's bar: go to a screen of the game in play, when it is free."""
        game = self.session.game
        if game is None or self.session.busy:
            return
        if name == "plan" and game.over:
            return
        self.go(name)

    def undo_round(self) -> None:
        game = self.session.game
        if game is None or self.session.busy or not game.reports:
            self.toast("There is no round to undo.")
            return
        undone = len(game.reports)

        def then(decisions: dict[str, dict[str, float]]) -> None:
            self.session.put_back(decisions)
            self.toast(f"Round {undone} undone: its decisions are back on the table.")
            self.navigate("plan")

        self.wait(self.session.undo_round(), then, "Undoing the last round")

    def wait(
        self, job: Future[Any], then: Callable[[Any], None], label: str, back: Screen | None = None
    ) -> None:
        """Show a waiting screen until ``job`` is done, then call ``then`` with its result."""
        self.go("waiting", job, then, label, back or self.screen)

    # -- the loop ------------------------------------------------------------------------

    def typing(self) -> bool:
        """A text box has the keyboard (so letters are for it, not for shortcuts)."""
        return any(
            isinstance(e, pygame_gui.elements.UITextEntryLine)
            for e in (self.ui.get_focus_set() or ())
        )

    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.ask_to_quit()
            return
        if event.type == pygame.VIDEORESIZE and not self.fullscreen:
            self.resize((max(960, event.w), max(600, event.h)))
            return
        if (
            event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED
            and self.save_dialog is not None
            and event.ui_element is self.save_dialog
        ):
            self.save_dialog = None
            self.save(Path(event.text))
            return
        if event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.quit_dialog:
            self.command("quit:no")  # its own close button: the same as "Keep playing"
            return
        if event.type == pygame.KEYDOWN and self.asking_to_quit:
            # the question has the keyboard: Ctrl+Q quits, Esc goes back, nothing else acts
            if event.key == pygame.K_q and event.mod & pygame.KMOD_CTRL:
                self.command("quit:yes")
            elif event.key == pygame.K_ESCAPE:
                self.command("quit:no")
            return
        if self.events_dialog is not None and self.events_dialog.handle(event):
            return
        if event.type == pygame.KEYDOWN and facilitator_key(self, event):
            return
        if event.type == pygame.KEYDOWN and self._global_key(event):
            return
        if event.type == pygame.KEYDOWN and self._leave_text_box(event):
            return
        if self.ui.process_events(event):
            return
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            command = self.buttons.get(event.ui_element)
            if command is not None:
                self.command(command)
                return
            command = self.screen.buttons.get(event.ui_element)
            if command is not None and not self.paused:
                self.screen.command(command)
                return
        if self.paused:
            return
        if event.type == pygame.KEYDOWN and not self.typing() and self.screen.on_key(event):
            return
        self.screen.handle(event)

    def _leave_text_box(self, event: pygame.event.Event) -> bool:
        """Esc leaves a text box; Tab goes on to the next one (Shift+Tab back), and past the
        last one leaves it: the keyboard is never trapped in a text box."""
        if event.key not in (pygame.K_ESCAPE, pygame.K_TAB) or not self.typing():
            return False
        focused = next(
            e
            for e in (self.ui.get_focus_set() or ())
            if isinstance(e, pygame_gui.elements.UITextEntryLine)
        )
        target = None
        if event.key == pygame.K_TAB:
            entries = [
                e
                for e in self.ui.get_sprite_group().sprites()
                if isinstance(e, pygame_gui.elements.UITextEntryLine)
                and e.alive()
                and e.visible
                and e.is_enabled
            ]
            k = entries.index(focused) + (-1 if event.mod & pygame.KMOD_SHIFT else 1)
            target = entries[k] if 0 <= k < len(entries) else None
        self.ui.set_focus_set(target)
        return True

    def _global_key(self, event: pygame.event.Event) -> bool:
        ctrl = bool(event.mod & pygame.KMOD_CTRL)
        keys = {
            pygame.K_F1: "help",
            pygame.K_F11: "fullscreen",
            pygame.K_F12: "screenshot",
        }
        keys.update({key: f"nav:{name}" for name, _label, key in NAV})
        ctrl_keys = {
            pygame.K_s: "save_as" if event.mod & pygame.KMOD_SHIFT else "save",
            pygame.K_p: "pause",
            pygame.K_k: "colours",
            pygame.K_q: "quit",
            pygame.K_BACKSPACE: "undo_round",
        }
        command = ctrl_keys.get(event.key) if ctrl else keys.get(event.key)
        if command is None and event.key == pygame.K_ESCAPE and self.show_help:
            command = "help"
        if command is None:
            return False
        self.command(command)
        return True

    def update(self, dt: float) -> None:
        if self.toast_left > 0:
            self.toast_left -= dt
        if not self.paused:
            if self.screen.name == "plan":
                was_locked = self.session.plans_locked
                self.session.tick(dt)
                if self.session.plans_locked and not was_locked:
                    self.toast("Time is up: plans are locked (Ctrl+T adds 2 minutes).", 8.0)
            self.screen.update(dt)
        self.ui.update(dt)

    def draw(self) -> None:
        surface = self.window
        surface.fill(BG)
        self.screen.draw(surface)
        self._draw_top_bar(surface)
        self.ui.draw_ui(surface)
        if self.save_warning():
            self._draw_save_warning(surface)
        if self.toast_left > 0 and self.toast_text:
            self._draw_toast(surface)
        if self.show_help:
            self._draw_help(surface)
        if self.paused:
            self._draw_paused(surface)

    def frame(self, dt: float) -> None:
        for event in pygame.event.get():
            self.handle(event)
            if not self.running:
                return
        self.update(dt)
        self.draw()
        pygame.display.flip()

    def run(self, frame_hook: Callable[[App, float], None] | None = None) -> None:
        clock = pygame.time.Clock()
        try:
            while self.running:
                dt = clock.tick(60) / 1000.0
                if frame_hook is not None:
                    frame_hook(self, dt)
                self.frame(dt)
        finally:
            self.session.close()
            pygame.quit()

    def save_warning(self) -> str:
        """What the window says while the game in play could not be saved: the truth about
        which rounds are played and which are not on the disk, and how to save elsewhere."""
        session, game = self.session, self.session.game
        if game is None or session.save_failure is None or session.busy:
            return ""
        played = len(game.reports)
        state = (
            f"Round {played} is played but NOT yet saved"
            if played
            else "The game has started but is NOT yet saved"
        )
        return (
            f"{state}: {session.save_failure} Ctrl+S tries again; Ctrl+Shift+S saves it "
            "somewhere else."
        )

    # -- the app's own drawing -----------------------------------------------------------

    def _draw_save_warning(self, surface: pygame.Surface) -> None:
        s = self.style
        width = surface.get_width() - s.px(24)
        lines = s.lines(self.save_warning(), width, 14, bold=True)
        height = s.font(14).get_linesize() * len(lines) + s.px(8)
        strip = pygame.Rect(0, s.px(TOP_BAR), surface.get_width(), height)
        pygame.draw.rect(surface, WARN, strip)
        for k, line in enumerate(lines):
            y = strip.top + s.px(4) + k * s.font(14).get_linesize()
            s.text(surface, line, (s.px(12), y), 14, (255, 255, 255), bold=True)

    def _draw_top_bar(self, surface: pygame.Surface) -> None:
        s = self.style
        bar = pygame.Rect(0, 0, surface.get_width(), s.px(TOP_BAR))
        pygame.draw.rect(surface, NIGHT, bar)
        session = self.session
        light, white = (200, 214, 222), (255, 255, 255)
        room = s.px(312)  # up to the first of the screens' buttons
        game = session.game
        if self.screen.name == "simulate":
            s.text(surface, "Thriving Places", (s.px(12), s.px(4)), 18, white, bold=True)
            s.text(surface, "simulating…", (s.px(12), s.px(25)), 13, light)
        elif game is not None and not session.busy and self.screen.name != "start":
            town = session.town.name if session.town else ""
            when = (
                "game over"
                if game.over
                else (f"round {game.round} of {game.rounds} · year {game.year}")
            )
            where = f"{town} · {when}"
            if s.font(13).size(where)[0] <= room:
                s.text(surface, "Thriving Places", (s.px(12), s.px(4)), 18, white, bold=True)
                s.text(surface, where, (s.px(12), s.px(25)), 13, light)
            else:  # a long name: the town on the first line, the round beneath it
                s.text(surface, town, (s.px(12), s.px(4)), 16, white, bold=True, width=room)
                s.text(surface, when, (s.px(12), s.px(25)), 13, light, width=room)
        else:
            s.text(surface, "Thriving Places", (s.px(12), s.px(4)), 18, white, bold=True)
        if session.timer_left is not None and self.screen.name == "plan":
            left = int(session.timer_left)
            colour = (255, 120, 90) if left <= 60 else (255, 255, 255)
            text = "locked" if session.plans_locked else f"{left // 60}:{left % 60:02d}"
            s.text(
                surface,
                text,
                (self._timer_x - s.px(8), bar.centery),
                20,
                colour,
                bold=True,
                anchor="midright",
            )

    def _draw_toast(self, surface: pygame.Surface) -> None:
        s = self.style
        width = surface.get_width() - s.px(96)
        lines = s.lines(self.toast_text, width, 15)
        f = s.font(15)
        w = max(f.size(line)[0] for line in lines)
        rect = pygame.Rect(0, 0, w, f.get_linesize() * len(lines))
        rect.midbottom = (surface.get_width() // 2, surface.get_height() - s.px(12))
        # above any button it would hide (the bottom of a screen is where its buttons are)
        buttons = [
            e.rect
            for e in self.ui.get_sprite_group().sprites()
            if isinstance(e, pygame_gui.elements.UIButton) and e.visible and e.alive()
        ]
        box = rect.inflate(s.px(24), s.px(12))
        while (hit := box.collidelist(buttons)) >= 0 and box.top > s.px(TOP_BAR) * 2:
            box.bottom = buttons[hit].top - s.px(6)
        rect.center = box.center
        pygame.draw.rect(surface, NIGHT, box, border_radius=s.px(8))
        for k, line in enumerate(lines):
            s.text(
                surface,
                line,
                (rect.centerx, rect.top + k * f.get_linesize()),
                15,
                (255, 255, 255),
                anchor="midtop",
            )

    def _draw_help(self, surface: pygame.Surface) -> None:
        s = self.style
        rect = surface.get_rect().inflate(-s.px(200), -s.px(100))
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((20, 25, 30, 150))
        surface.blit(shade, (0, 0))
        pygame.draw.rect(surface, (255, 255, 255), rect, border_radius=s.px(10))
        y = rect.top + s.px(16)
        s.text(surface, "Keys (Esc or F1 to close)", (rect.left + s.px(20), y), 22, INK, bold=True)
        y += s.px(40)
        columns: list[tuple[str, tuple[tuple[str, str], ...]]] = [("Everywhere", GLOBAL_KEYS)]
        if self.screen.keys_help:
            columns.append((f"On the {self.screen.title.lower()} screen", self.screen.keys_help))
        gap = s.px(24)
        width = (rect.width - s.px(40) - gap * (len(columns) - 1)) // len(columns)
        f = s.font(15, bold=True)
        for k, (title, rows) in enumerate(columns):
            x = rect.left + s.px(20) + k * (width + gap)
            s.text(surface, title, (x, y), 17, INK, bold=True, width=width)
            key_w = max(f.size(key)[0] for key, _ in rows) + s.px(12)
            row_y = y + s.px(30)
            for key, what in rows:
                room = pygame.Rect(x + key_w, row_y, width - key_w, rect.bottom - row_y)
                s.text(surface, key, (x, row_y), 15, INK, bold=True)
                row_y = s.wrapped(surface, what, room, 15, MUTED) + s.px(4)

    def _draw_paused(self, surface: pygame.Surface) -> None:
        s = self.style
        shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        shade.fill((20, 25, 30, 120))
        top = s.px(TOP_BAR)
        surface.blit(shade, (0, top), pygame.Rect(0, top, *surface.get_size()))
        centre = (surface.get_width() // 2, surface.get_height() // 2)
        box = pygame.Rect(0, 0, s.px(460), s.px(120))
        box.center = centre
        pygame.draw.rect(surface, (255, 255, 255), box, border_radius=s.px(12))
        s.text(
            surface,
            "Paused",
            (centre[0], centre[1] - s.px(22)),
            34,
            WARN,
            bold=True,
            anchor="center",
        )
        s.text(
            surface,
            "Ctrl+P or the Continue button to carry on",
            (centre[0], centre[1] + s.px(26)),
            16,
            MUTED,
            anchor="center",
        )
