"""Shared helpers: tiny frameworks and networks built in memory for hand-computed tests."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from model.framework import Framework, FrameworkFile
from model.network import Link, RippleNetwork
from model.ripples import Evidence

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"

MEMORY_LIMIT = 1 << 30
"""Most address space a command run by the hostile-input tests may take (1 GB: far above what
a refusal needs, about 300 MB)."""


def limit_memory() -> None:
    """Runs in the child, before exec: at most :data:`MEMORY_LIMIT` of address space."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def thrive_limited(
    *args: str, cwd: Path = ROOT, timeout: float = 60.0, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command, as a person runs it, under 1 GB and ``timeout`` seconds (raises
    ``subprocess.TimeoutExpired`` past it)."""
    return subprocess.run(
        [sys.executable, "-m", "game.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        preexec_fn=limit_memory,
    )


BANDS = [
    {
        "id": "well_below",
        "name": "Well below average",
        "min": 0,
        "colour": "#d7301f",
        "colour_safe": "#b35806",
        "symbol": "--",
        "meaning": "low",
    },
    {
        "id": "below",
        "name": "Below average",
        "min": 3.5,
        "colour": "#fc8d59",
        "colour_safe": "#f1a340",
        "symbol": "-",
        "meaning": "low",
    },
    {
        "id": "average",
        "name": "Average",
        "min": 4.5,
        "colour": "#fee08b",
        "colour_safe": "#d8d8d8",
        "symbol": "=",
        "meaning": "average",
    },
    {
        "id": "above",
        "name": "Above average",
        "min": 5.5,
        "colour": "#a6d96a",
        "colour_safe": "#998ec3",
        "symbol": "+",
        "meaning": "high",
    },
    {
        "id": "well_above",
        "name": "Well above average",
        "min": 6.5,
        "colour": "#1a9850",
        "colour_safe": "#542788",
        "symbol": "++",
        "meaning": "high",
    },
]


def indicator(ident: str, mean: float = 50.0, sd: float = 10.0, direction: str = "higher") -> dict:
    return {
        "id": ident,
        "name": ident,
        "unit": "u",
        "direction": direction,
        "description": "d",
        "reference": {
            "mean": mean,
            "sd": sd,
            "year": "2019",
            "source": "test",
            "status": "assumed",
        },
    }


def framework_data(nodes: dict[str, list[dict]], points_per_sd: float = 2.0) -> dict:
    """A one-headline, one-domain framework whose sub-domains are ``nodes``."""
    return {
        "kind": "framework",
        "version": 1,
        "name": "tiny",
        "description": "tiny",
        "scale": {"points_per_sd": points_per_sd, "reasoning": "test"},
        "bands": BANDS,
        "headlines": [
            {
                "id": "h",
                "name": "H",
                "question": "q?",
                "domains": [
                    {
                        "id": "d",
                        "name": "D",
                        "description": "d",
                        "subdomains": [
                            {
                                "id": n,
                                "name": n,
                                "kind": "place",
                                "description": "n",
                                "indicators": inds,
                            }
                            for n, inds in nodes.items()
                        ],
                    }
                ],
            }
        ],
    }


def tiny_framework(node_ids: Sequence[str]) -> Framework:
    data = framework_data({n: [indicator(f"{n}_x")] for n in node_ids})
    return Framework.from_record(FrameworkFile.model_validate(data))


def tiny_network(
    node_ids: Sequence[str], links: Sequence[tuple[str, str, float, int]]
) -> RippleNetwork:
    """A network over ``node_ids`` with links given as (source, target, weight, delay)."""
    evidence = Evidence(level="assumed", reasoning="test")
    return RippleNetwork(
        tiny_framework(node_ids),
        [Link(i, s, t, w, d, "test", evidence) for i, (s, t, w, d) in enumerate(links)],
    )


@pytest.fixture(scope="session")
def shipped_framework() -> Framework:
    from model.loading import load_framework

    return load_framework()


@pytest.fixture(scope="session")
def shipped_network(shipped_framework: Framework) -> RippleNetwork:
    from model.loading import load_ripples

    return load_ripples(framework=shipped_framework)


def game_scenario(
    framework: Framework,
    network: RippleNetwork,
    town_ref: str = "brackenbury",
    residents: int = 4000,
    small: bool = False,
):  # type: ignore[no-untyped-def]
    """A game on a shipped town (any name ``thrive run`` takes) with the shipped interventions
    and events, or with the tests' small ones (``small``: hand-checkable budgets and effects)."""
    from model.engine import GameScenario
    from model.loading import load_events, load_interventions, scenario_town

    data = ROOT / "tests" / "data"
    _, town = scenario_town(town_ref, framework)
    return GameScenario(
        framework,
        network,
        town,
        load_interventions(data / "interventions_small.yaml" if small else None, framework),
        load_events(data / "events_small.yaml" if small else None, framework),
        residents=residents,
    )


@pytest.fixture(scope="session")
def small_scenario(shipped_framework: Framework, shipped_network: RippleNetwork):  # type: ignore[no-untyped-def]
    """Brackenbury at 4,000 residents with the tests' small interventions and events."""
    return game_scenario(shipped_framework, shipped_network, small=True)
