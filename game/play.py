"""``thrive play``: open the game window, or play a demo, or say clearly why it cannot.

On a machine without a display the window cannot open; instead of a traceback the player reads
one sentence pointing at what does work there: ``thrive play --demo --screenshots DIR`` (which
draws off-screen) and ``thrive run``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["NO_DISPLAY", "display_available", "play"]

NO_DISPLAY = (
    "There is no display here, so the game window cannot open: try "
    "`thrive play --demo --screenshots DIR` to play a demo off-screen and save its screens, "
    "or `thrive run` for headless runs."
)


def display_available() -> bool:
    """Whether a window can open (an off-screen driver chosen on purpose counts as yes)."""
    driver = os.environ.get("SDL_VIDEODRIVER", "")
    if driver in ("dummy", "offscreen"):
        return True
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return False
    return True


def play(
    scenario: str | None = None,
    demo: bool = False,
    screenshots: Path | None = None,
    fullscreen: bool = False,
    size: tuple[int, int] = (1280, 720),
    residents: int | None = None,
    scenarios: Path | None = None,
) -> int:
    """Run the game; returns the exit code."""
    if screenshots is not None and not demo:
        sys.stderr.write("--screenshots goes with --demo (in a game, press F12 for a screenshot)\n")
        return 2
    if scenario is not None:
        from game.terminal import plain
        from model.errors import ScenarioError
        from model.loading import load_framework, scenario_town

        try:
            scenario_town(scenario, load_framework())
        except ScenarioError as exc:
            sys.stderr.write(plain(exc.report()) + "\n")
            return 1
        except KeyError as exc:
            sys.stderr.write(plain(exc.args[0]) + "\n")
            return 1
    from model.errors import ScenarioError

    try:  # a trainer's own scenarios are checked before a window opens
        _check_user_folder(scenarios)
    except ScenarioError as exc:
        from game.terminal import plain

        sys.stderr.write(plain(exc.report()) + "\n")
        return 1
    if demo and screenshots is not None:
        from model.safefile import WriteError, prepare_folder

        try:  # before a window opens: a folder that cannot be written is said at once
            prepare_folder(screenshots)
        except WriteError as exc:
            sys.stderr.write(f"{exc}\n")
            return 1
    if not display_available():
        if demo and screenshots is not None:
            os.environ["SDL_VIDEODRIVER"] = "dummy"
            os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
        else:
            sys.stderr.write(NO_DISPLAY + "\n")
            return 1
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    import pygame

    try:
        pygame.display.init()
    except pygame.error:
        sys.stderr.write(NO_DISPLAY + "\n")
        return 1
    from game.app import App

    app = App(size=size, fullscreen=fullscreen, scenario=scenario, scenarios=scenarios)
    hook = None
    if demo:
        from game.demo import Demo

        hook = Demo(
            app,
            screenshots,
            town=scenario or "brackenbury",
            residents=residents or 10_000,
        )
    app.run(hook)
    if demo and screenshots is not None:
        assert hook is not None
        from game.terminal import plain

        print(plain(f"Saved {len(hook.shots)} screenshots in {screenshots}"))
    return 0


def _check_user_folder(given: Path | None) -> None:
    """Read the user scenarios folder (raises :class:`ScenarioError` naming every problem)."""
    from game.session import home_folder
    from game.user_scenarios import read_user_folder, user_folder_for
    from model.loading import load_events, load_framework, load_interventions, load_ripples

    folder = user_folder_for(home_folder(), given)
    if folder is None:
        return
    fw = load_framework()
    network = load_ripples(framework=fw)
    read_user_folder(
        folder, fw, network, load_interventions(framework=fw), load_events(framework=fw)
    )
