"""Scoring, checked against hand-computed examples."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import framework_data, indicator

from model.framework import Framework, FrameworkFile
from model.scoring import (
    band_of,
    indicator_scores,
    indicator_values_for_scores,
    scorecard,
    scorecard_from_nodes,
)


def make(nodes: dict[str, list[dict]], k: float = 2.0) -> Framework:
    return Framework.from_record(FrameworkFile.model_validate(framework_data(nodes, k)))


def test_indicator_score_is_five_at_the_england_mean_and_moves_k_points_per_spread() -> None:
    fw = make({"a": [indicator("x", mean=50, sd=10)]}, k=2.0)
    # 50 -> 5; 60 -> 5 + 2*1 = 7; 45 -> 5 - 2*0.5 = 4
    assert indicator_scores(fw, [[50.0], [60.0], [45.0]]).ravel().tolist() == [5.0, 7.0, 4.0]


def test_lower_is_better_flips_the_sign() -> None:
    fw = make({"a": [indicator("x", mean=50, sd=10, direction="lower")]})
    # 60 is one spread worse when lower is better: 5 - 2 = 3
    assert indicator_scores(fw, [60.0]).tolist() == [3.0]
    assert indicator_scores(fw, [40.0]).tolist() == [7.0]


def test_scores_are_capped_at_both_ends() -> None:
    fw = make({"a": [indicator("x", mean=50, sd=10)]})
    # 3 spreads above -> 11 capped to 10; 4 below -> -3 capped to 0; exactly 2.5 spreads -> 10
    assert indicator_scores(fw, [[80.0], [10.0], [75.0]]).ravel().tolist() == [10.0, 0.0, 10.0]


def test_means_go_upward_from_indicators_to_nodes_to_domains_to_headlines() -> None:
    fw = make(
        {
            "a": [indicator("a1"), indicator("a2", direction="lower")],
            "b": [indicator("b1", mean=0, sd=1)],
        }
    )
    # a1 = 60 -> 7; a2 = 55 (lower better) -> 4; node a = 5.5
    # b1 = -1 -> 3; node b = 3
    # one domain: (5.5 + 3) / 2 = 4.25; one headline: 4.25
    card = scorecard(fw, [60.0, 55.0, -1.0])
    assert card.indicators.tolist() == [7.0, 4.0, 3.0]
    assert card.nodes.tolist() == [5.5, 3.0]
    assert card.domains.tolist() == [4.25]
    assert card.headlines.tolist() == [4.25]
    assert card.as_dict() == {"h": 4.25, "d": 4.25, "a": 5.5, "b": 3.0}


def test_a_missing_indicator_is_left_out_of_its_node_mean() -> None:
    fw = make({"a": [indicator("a1"), indicator("a2")], "b": [indicator("b1")]})
    card = scorecard(fw, [60.0, np.nan, 50.0])
    assert card.nodes.tolist() == [7.0, 5.0]


def test_whole_histories_score_at_once() -> None:
    fw = make({"a": [indicator("a1")], "b": [indicator("b1")]})
    card = scorecard(fw, np.array([[50.0, 50.0], [60.0, 40.0], [70.0, 70.0]]))
    assert card.headlines.ravel().tolist() == [5.0, 5.0, 9.0]


def test_node_scores_after_ripples_feed_domains_and_are_capped() -> None:
    fw = make({"a": [indicator("a1")], "b": [indicator("b1")]})
    card = scorecard_from_nodes(fw, [12.0, 4.0])
    assert card.nodes.tolist() == [10.0, 4.0]
    assert card.headlines.tolist() == [7.0]


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0.0, "well_below"),
        (3.4999, "well_below"),
        (3.5, "below"),
        (4.5, "average"),
        (5.4999, "average"),
        (5.5, "above"),
        (6.5, "well_above"),
        (10.0, "well_above"),
    ],
)
def test_the_five_tpi_bands_and_their_thresholds(score: float, band: str) -> None:
    fw = make({"a": [indicator("a1")]})
    assert band_of(score, fw.bands).id == band


def test_every_band_carries_a_symbol_as_well_as_colours(shipped_framework: Framework) -> None:
    symbols = [b.symbol for b in shipped_framework.bands]
    assert len(set(symbols)) == 5
    assert len({b.colour for b in shipped_framework.bands}) == 5
    assert len({b.colour_safe for b in shipped_framework.bands}) == 5


def test_the_shipped_framework_scores_the_england_average_as_five(
    shipped_framework: Framework,
) -> None:
    typical = [i.reference.typical for i in shipped_framework.indicators]
    card = scorecard(shipped_framework, typical)
    assert np.allclose(card.headlines, 5.0)
    assert np.allclose(card.nodes, 5.0)


def test_a_log_scale_scores_the_logarithm_and_inverts(shipped_framework: Framework) -> None:
    """Distance to green space is scored on a log scale: its geometric mean scores 5, twice
    it as far as half it is near, and a score goes back to the value that gives it."""
    fw = shipped_framework
    k = fw.indicator_index["green_space_access"]
    ref = fw.indicators[k].reference
    assert ref.scale == "log"
    values = np.array([i.reference.typical for i in fw.indicators])
    far, near = values.copy(), values.copy()
    far[k], near[k] = 2.0 * ref.typical, 0.5 * ref.typical
    s_far, s_near = indicator_scores(fw, far)[k], indicator_scores(fw, near)[k]
    assert s_far < 5.0 < s_near  # lower is better
    assert s_far - 5.0 == pytest.approx(5.0 - s_near)
    back = indicator_values_for_scores(fw, indicator_scores(fw, far))[k]
    assert back == pytest.approx(far[k])


def test_a_people_indicator_cannot_be_scored_on_a_log_scale() -> None:
    from model.framework import SubdomainRecord

    indicator = {
        "id": "smoking",
        "name": "Adults who smoke",
        "unit": "%",
        "direction": "lower",
        "description": "d",
        "reference": {
            "mean": 12.0,
            "sd": 3.0,
            "year": "2020",
            "source": "s",
            "status": "computed",
            "scale": "log",
            "log_mean": 2.4,
            "log_sd": 0.3,
        },
    }
    with pytest.raises(ValueError, match="plain scale"):
        SubdomainRecord.model_validate(
            {
                "id": "h",
                "name": "H",
                "kind": "people",
                "description": "d",
                "indicators": [indicator],
            }
        )
