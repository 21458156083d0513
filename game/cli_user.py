"""``thrive check`` of a trainer's own scenarios folder (``--scenarios DIR``, or the default
``scenarios`` folder under the user folder): every file checked against the shipped ones."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from game.terminal import safe_text
from model.errors import Problem, ScenarioError
from model.user_folder import UserScenarios

__all__ = ["SCENARIOS_HELP", "check_user_folder", "print_user_folder"]

SCENARIOS_HELP = (
    "A folder of your own towns, interventions, events, challenges and weights, added to the "
    "shipped ones (default: the 'scenarios' folder in the user folder, if there is one)."
)


def check_user_folder(
    given: Path | None, files_named: bool, problems: list[Problem]
) -> UserScenarios | None:
    """Read the user folder: the one given, or (when no files were named) the default one if
    it exists. Problems are added to ``problems``, to be reported with every other file's."""
    from game.session import home_folder
    from game.user_scenarios import read_user_folder, user_folder_for
    from model.loading import load_events, load_framework, load_interventions, load_ripples

    if given is None and files_named:
        return None
    try:
        folder = user_folder_for(home_folder(), given)
        if folder is None:
            return None
        fw = load_framework()
        return read_user_folder(
            folder,
            fw,
            load_ripples(framework=fw),
            load_interventions(framework=fw),
            load_events(framework=fw),
        )
    except ScenarioError as exc:
        problems.extend(exc.problems)
        return None


def print_user_folder(console: Console, user: UserScenarios | None) -> None:
    """Each file of the folder, and what it adds."""
    if user is None:
        return
    for shown, kind, adds in user.files:
        console.print(f"[bold]{safe_text(shown)}[/bold] (your {kind}): OK")
        console.print(f"  adds {safe_text(adds)}")
    if not user.files:
        console.print(f"{safe_text(user.folder)}: no scenario files in it yet")
