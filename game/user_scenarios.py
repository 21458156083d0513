"""The user scenarios folder as the interfaces see it: where it is, and reading it once.

The folder is ``scenarios`` under the user folder (``$THRIVE_HOME`` or ``~/ThrivingPlaces``), or
the one given with ``--scenarios DIR``; ``model/user_folder.py`` reads and checks it. A folder
that does not exist is no folder (the shipped scenarios alone); one given with ``--scenarios``
must exist.
"""

from __future__ import annotations

from pathlib import Path

from model.errors import Problem, ScenarioError
from model.events import EventsFile
from model.framework import Framework
from model.interventions import InterventionsFile
from model.network import RippleNetwork
from model.user_folder import UserScenarios, load_user_folder

__all__ = ["default_user_folder", "read_user_folder", "user_folder_for"]


def default_user_folder(home: Path) -> Path:
    """Where a trainer's own scenario files go by default."""
    return home / "scenarios"


def user_folder_for(home: Path, given: Path | None) -> Path | None:
    """The folder to read: the one given (which must exist), or the default one if it exists."""
    if given is not None:
        if not given.is_dir():
            raise ScenarioError([Problem(str(given), None, "", "no such scenarios folder")])
        return given
    folder = default_user_folder(home)
    return folder if folder.is_dir() else None


def read_user_folder(
    folder: Path | None,
    framework: Framework,
    network: RippleNetwork,
    interventions: InterventionsFile,
    events: EventsFile,
) -> UserScenarios | None:
    """The shipped scenarios with the folder's added (None: no folder, the shipped alone)."""
    if folder is None:
        return None
    return load_user_folder(folder, framework, network, interventions, events)
