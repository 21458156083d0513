"""The pure simulation of a Thriving Places town.

Deterministic given (scenario, seed, decisions); never imports pygame, reads no clock, holds no
globals. Scenario data comes in only through :mod:`model.loading`.
"""

from model.errors import Problem, ScenarioError
from model.framework import Framework
from model.loading import check_files, load_framework, load_ripples
from model.network import RippleNetwork, RippleState, RippleYear
from model.scoring import Scorecard, band_of, scorecard, scorecard_from_nodes

__all__ = [
    "Framework",
    "Problem",
    "RippleNetwork",
    "RippleState",
    "RippleYear",
    "ScenarioError",
    "Scorecard",
    "band_of",
    "check_files",
    "load_framework",
    "load_ripples",
    "scorecard",
    "scorecard_from_nodes",
]
