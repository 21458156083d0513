"""The shipped scenario files: they load, and they say what the brief says they must."""

from __future__ import annotations

import re

import numpy as np
import yaml
from conftest import SCENARIOS

from model.framework import Framework
from model.loading import check_files, default_files
from model.network import RippleNetwork


def scenario_files() -> list:  # type: ignore[type-arg]
    """Every shipped scenario file (``scenarios/data`` holds derived tables, not scenarios)."""
    return sorted(
        p for p in SCENARIOS.rglob("*.yaml") if "data" not in p.relative_to(SCENARIOS).parts
    )


def test_every_shipped_scenario_file_checks_clean() -> None:
    files = scenario_files()
    assert {f.name for f in files} >= {"framework.yaml", "ripples.yaml"}
    checked = check_files(files)
    assert len(checked) == len(files)
    assert sorted(c.path for c in check_files(default_files())) == sorted(default_files())


def test_framework_has_the_confirmed_tpi_structure(shipped_framework: Framework) -> None:
    fw = shipped_framework
    assert fw.headline_names == ("Local Conditions", "Equality", "Sustainability")
    assert fw.headline_ids == ("local_conditions", "equality", "sustainability")
    by_headline = {h.id: [d.name for d in h.domains] for h in fw.source.headlines}
    assert by_headline["local_conditions"] == [
        "Place & Environment",
        "Mental & Physical Health",
        "Education & Learning",
        "Work & Local Economy",
        "People & Community",
    ]
    assert len(by_headline["equality"]) == 5
    assert {"Energy & Carbon", "Ecosystem Health"} <= set(by_headline["sustainability"])
    confirmed = {
        "local_environment",
        "transport",
        "safety",
        "housing",
        "life_expectancy",
        "adult_education",
        "unemployment",
        "local_business",
        "community_cohesion",
    }
    assert confirmed <= set(fw.node_ids)
    assert 25 <= len(fw.nodes) <= 30


def test_every_indicator_is_explained_and_referenced(shipped_framework: Framework) -> None:
    for ind in shipped_framework.indicators:
        ref = ind.reference
        assert ref.sd > 0 and np.isfinite(ref.mean)
        assert re.search(r"(19|20)\d\d", ref.year), ind.id
        assert len(ind.description.split()) >= 6, f"{ind.id}: describe it in a sentence"
        if ref.status == "computed":
            # a source found for part of England only says so in its geography
            least = 50 if "PARTIAL" in (ref.geography or "") else 100
            assert ref.n is not None and ref.n >= least, f"{ind.id}: computed over too few areas"
        else:
            assert ref.note, f"{ind.id}: an assumed reference must say why"


def test_every_node_is_reached_and_reaches_out(shipped_network: RippleNetwork) -> None:
    n = len(shipped_network.framework.nodes)
    assert np.all(np.bincount(shipped_network.source, minlength=n) > 0)
    assert np.all(np.bincount(shipped_network.target, minlength=n) > 0)
    assert len(shipped_network.links) >= 40


def test_every_link_carries_evidence_and_a_plain_mechanism(shipped_network: RippleNetwork) -> None:
    for link in shipped_network.links:
        assert link.evidence.reasoning.strip()
        assert link.evidence.level == "assumed" or link.evidence.citation
        assert len(link.mechanism.split()) >= 6


def test_both_kinds_of_feedback_loop_exist(shipped_network: RippleNetwork) -> None:
    polarities = {lp.polarity for lp in shipped_network.loops}
    assert polarities == {"reinforcing", "balancing"}
    assert all(lp.delay >= 1 for lp in shipped_network.loops)


def test_the_brief_s_work_and_health_loop_is_there(shipped_network: RippleNetwork) -> None:
    loops = {frozenset(lp.nodes) for lp in shipped_network.loops if len(lp.nodes) == 2}
    assert frozenset({"unemployment", "mental_health"}) in loops


def test_shipped_files_are_plain_safe_yaml() -> None:
    for path in SCENARIOS.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "!!python" not in text
        assert isinstance(yaml.safe_load(text), dict)
