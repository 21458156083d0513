"""A catalogue of bad scenario files, each with the exact message a person should see."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from model.errors import ScenarioError
from model.loading import check_files, load_framework, load_ripples
from model.yamlfile import MAX_BYTES
from scenarios import SCENARIO_DIR

GOOD_LINK = """\
  - source: transport
    target: human_environment_connection
    weight: 0.3
    delay: 1
    mechanism: "Better routes mean more people walk and cycle."
    evidence:
      level: moderate
      citation: "Goodman et al. 2014"
      reasoning: "New routes raise walking and cycling."
"""


def ripples(body: str, header: str = "kind: ripples\nversion: 1\nlinks:\n") -> str:
    return header + textwrap.dedent(body)


def problems_of(tmp_path: Path, text: str, name: str = "ripples.yaml") -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_ripples(path, framework=load_framework())
    return [str(p).replace(f"{path}", name) for p in caught.value.problems]


CASES = {
    "weight out of range": (
        GOOD_LINK.replace("weight: 0.3", "weight: 30"),
        ["ripples.yaml:6 links[0].weight: must be <= 1 (got 30)"],
    ),
    "negative delay": (
        GOOD_LINK.replace("delay: 1", "delay: -1"),
        ["ripples.yaml:7 links[0].delay: must be >= 0 (got -1)"],
    ),
    "fractional delay": (
        GOOD_LINK.replace("delay: 1", "delay: 1.5"),
        ["ripples.yaml:7 links[0].delay: must be a whole number (got 1.5)"],
    ),
    "weight given as text": (
        GOOD_LINK.replace("weight: 0.3", 'weight: "0.3"'),
        ["ripples.yaml:6 links[0].weight: must be a number (got '0.3')"],
    ),
    "weight not a number": (
        GOOD_LINK.replace("weight: 0.3", "weight: .nan"),
        ["ripples.yaml:6 links[0].weight: must be a finite number (got nan)"],
    ),
    "infinite weight": (
        GOOD_LINK.replace("weight: 0.3", "weight: .inf"),
        ["ripples.yaml:6 links[0].weight: must be a finite number (got inf)"],
    ),
    "misspelt key": (
        GOOD_LINK.replace("    mechanism:", "    mechansim:"),
        [
            "ripples.yaml:4 links[0].mechanism: required key is missing",
            "ripples.yaml:8 links[0].mechansim: unknown key 'mechansim' (did you mean "
            "'mechanism'?)",
        ],
    ),
    "unknown node": (
        GOOD_LINK.replace("source: transport", "source: transprot"),
        ["ripples.yaml:4 links[0].source: unknown node 'transprot' (did you mean 'transport'?)"],
    ),
    "citation missing for a strong claim": (
        GOOD_LINK.replace('      citation: "Goodman et al. 2014"\n', ""),
        [
            "ripples.yaml:9 links[0].evidence: evidence of level 'moderate' needs a 'citation' "
            "(or use level 'assumed' and say why in 'reasoning')"
        ],
    ),
    "unknown evidence level": (
        GOOD_LINK.replace("level: moderate", "level: certain"),
        [
            "ripples.yaml:10 links[0].evidence.level: should be 'strong', 'moderate', 'weak' "
            "or 'assumed'"
        ],
    ),
    "duplicate link": (
        GOOD_LINK + GOOD_LINK,
        [
            "ripples.yaml:13 links[1]: duplicate link transport -> human_environment_connection "
            "(first at links[0], line 4): merge them into one"
        ],
    ),
    "duplicate key": (
        GOOD_LINK.replace("    delay: 1\n", "    delay: 1\n    delay: 2\n"),
        ["ripples.yaml:8 links[0].delay: duplicate key (first at line 7)"],
    ),
    "loop with no delay": (
        GOOD_LINK.replace("delay: 1", "delay: 0")
        + GOOD_LINK.replace("source: transport", "source: X")
        .replace("target: human_environment_connection", "target: transport")
        .replace("source: X", "source: human_environment_connection")
        .replace("delay: 1", "delay: 0"),
        [
            "ripples.yaml:16 links[1].delay: loop with no delay: links[0] (transport -> "
            "human_environment_connection), links[1] (human_environment_connection -> "
            "transport). A loop needs at least one link with delay >= 1, or the year could "
            "never be settled"
        ],
    ),
    "a link that is not a mapping": (
        "  - transport -> mental_health\n",
        [
            "ripples.yaml:4 links[0]: must be a mapping of keys to values (got 'transport -> "
            "mental_health')"
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_each_mistake_gets_its_exact_message(tmp_path: Path, case: str) -> None:
    body, expected = CASES[case]
    assert problems_of(tmp_path, ripples(body)) == expected


def test_several_mistakes_are_all_reported_at_once_in_line_order(tmp_path: Path) -> None:
    body = (
        GOOD_LINK.replace("weight: 0.3", "weight: 30")
        + GOOD_LINK.replace("source: transport", "source: nowhere")
        + GOOD_LINK.replace("    mechanism:", "    mechansim:").replace(
            "target: human_environment_connection", "target: mental_health"
        )
        + GOOD_LINK.replace("delay: 1", "delay: -1").replace(
            "target: human_environment_connection", "target: safety"
        )
    )
    found = problems_of(tmp_path, ripples(body))
    assert [p.split(" ", 2)[:2] for p in found] == [
        ["ripples.yaml:6", "links[0].weight:"],
        ["ripples.yaml:13", "links[1].source:"],
        ["ripples.yaml:22", "links[2].mechanism:"],
        ["ripples.yaml:26", "links[2].mechansim:"],
        ["ripples.yaml:34", "links[3].delay:"],
    ]


def test_an_unstable_network_is_rejected_with_its_strongest_loop(tmp_path: Path) -> None:
    def link(a: str, b: str) -> str:
        return (
            GOOD_LINK.replace("source: transport", f"source: {a}")
            .replace("target: human_environment_connection", f"target: {b}")
            .replace("weight: 0.3", "weight: 1.0")
        )

    body = link("transport", "safety") + link("safety", "transport")
    (message,) = problems_of(tmp_path, ripples(body))
    assert message.startswith(
        "ripples.yaml:3 links: the network is unstable: the spectral radius of its summed "
        "absolute weights is 1.000 (must be below 1)"
    )
    assert "reinforcing (2 y, gain +1.000): transport -> safety -> transport" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "ripples.yaml: file is empty"),
        ("kind: ripples\nlinks: [\n", "ripples.yaml:3: not valid YAML"),
        ("- just\n- a list\n", "ripples.yaml:1: must be a mapping of keys to values"),
        ("kind: ripples\nversion: 1\nlinks: []\n", "ripples.yaml:3 links: list at least one link"),
        ("kind: ripples\nversion: 2\nlinks: []\n", "ripples.yaml:2 version: should be 1"),
        (
            "a: 1\n---\nb: 2\n",
            "ripples.yaml:2: not valid YAML: a scenario file holds one document, "
            "but '---' starts another here",
        ),
        (
            "kind: !!python/object:os.system ls\n",
            "ripples.yaml:1: cannot read value: could not determine a constructor for the tag",
        ),
    ],
)
def test_structurally_broken_files(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "ripples.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_ripples(path, framework=load_framework())
    shown = [str(p).replace(str(path), "ripples.yaml") for p in caught.value.problems]
    assert any(
        s.replace(" :", " :").startswith(expected.replace(" : ", ": ")) or s.startswith(expected)
        for s in shown
    ), shown


def test_an_alias_bomb_is_stopped_before_it_is_built(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        check_files([path])
    (problem,) = caught.value.problems
    assert "expands to more than 200,000 values (an alias bomb?)" in problem.message


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("# " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        check_files([path])
    assert caught.value.problems[0].message.startswith(
        "file is 2,000,003 bytes; the limit is 2,000,000"
    )


def test_deep_nesting_and_binary_junk_are_refused(tmp_path: Path) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 100 + "]" * 100 + "\n", encoding="utf-8")
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ScenarioError) as caught:
        check_files([deep, junk])
    messages = sorted(p.message for p in caught.value.problems)
    assert messages == ["nested more than 60 levels deep", "not UTF-8 text (bad byte at offset 0)"]


def test_a_file_of_unknown_kind_says_what_kinds_there_are(tmp_path: Path) -> None:
    path = tmp_path / "what.yaml"
    path.write_text("kind: recipes\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        check_files([path])
    assert [p.message for p in caught.value.problems] == [
        "top-level 'kind' must be one of: framework, ripples, town, interventions, events, plan, "
        "challenge (got 'recipes')"
    ]


def test_framework_mistakes_are_reported_together(tmp_path: Path) -> None:
    text = (SCENARIO_DIR / "framework.yaml").read_text(encoding="utf-8")
    text = text.replace("points_per_sd: 2.0", "points_per_sd: -1", 1)
    text = text.replace("direction: lower", "direction: down", 1)
    text = text.replace("min: 3.5", "min: 7.5", 1)
    path = tmp_path / "framework.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_framework(path)
    messages = [f"{p.path}: {p.message}" for p in caught.value.problems]
    assert messages == [
        "scale.points_per_sd: must be > 0 (got -1)",
        "bands: band 'min' values must increase from band to band (got 0, 7.5, 4.5, 5.5, 6.5)",
        "headlines[0].domains[0].subdomains[0].indicators[0].direction: should be 'higher' or "
        "'lower'",
    ]


def test_town_mistakes_are_reported_together(tmp_path: Path) -> None:
    text = (SCENARIO_DIR / "towns" / "brackenbury.yaml").read_text(encoding="utf-8")
    text = text.replace('  "80+": 0.055', '  "80+": 0.255')
    text = text.replace("  smoking: 15.5", "  smokng: 15.5")
    text = text.replace("  count: 16", "  count: 3")
    path = tmp_path / "town.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        check_files([path])
    messages = [f"{p.path}: {p.message}" for p in caught.value.problems]
    assert messages == [
        "age_bands: age band shares must add up to 1 (they add up to 1.200)",
        "neighbourhoods.count: must be >= 8 (got 3)",
        "indicators.smokng: unknown indicator 'smokng' (did you mean 'smoking'?)",
    ]
