"""Every node and link in each sector's words: shipped in full, sector by sector, and checked.

The sentences are for interpreters, so the tests look for what makes them useless: a gap, a
sentence copied between sectors, the plain mechanism pasted in, or one template with the
sector's name swapped.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SCENARIOS

from model.errors import ScenarioError
from model.framework import Framework
from model.loading import check_files, default_files, load_framework, load_ripples
from model.network import RippleNetwork
from model.words import ALIKE, SECTOR_IDS, _alike, in_words, words_warnings
from model.yamlfile import parse_yaml, read_yaml

VOCABULARY = {
    "council": r"council|resident|ward|statutory|duty|duties|local plan|budget|net zero|climate"
    r"|social care|strategy|partnership",
    "health": r"health|nhs|gp|a&e|prevention|patient|clinic|core20|mortality|illness|disease"
    r"|depression|evidence|admission",
    "business": r"staff|recruit|customer|productiv|footfall|turnover|esg|workforce|firm|hire"
    r"|our |business|sick|skills|vacanc",
    "vcse": r"people we support|community|volunteer|group|trust|residents tell|we see|food bank"
    r"|neighbour|befriend|advice|families",
    "education": r"pupil|school|learner|student|attainment|children|child|gcse|ofsted|college"
    r"|disadvantage|learn|young people",
}
"""Words that mark each sector's own vocabulary (from its ``words:`` in interventions.yaml)."""


def _items(framework: Framework, network: RippleNetwork) -> list[tuple[str, str, dict[str, str]]]:
    nodes = [(f"node {n.id}", n.description, dict(n.words)) for n in framework.nodes]
    links = [(f"link {k}", k.mechanism, dict(k.words)) for k in network.links]
    return nodes + links


def test_every_shipped_node_and_link_has_a_sentence_for_every_sector(
    shipped_framework: Framework, shipped_network: RippleNetwork
) -> None:
    items = _items(shipped_framework, shipped_network)
    assert len(items) == len(shipped_framework.nodes) + len(shipped_network.links)
    assert len(shipped_network.links) >= 60
    for name, _plain, words in items:
        assert set(words) == set(SECTOR_IDS), name
        assert all(len(s.split()) >= 8 for s in words.values()), name


def test_no_sentence_is_copied_between_sectors_items_or_from_the_mechanism(
    shipped_framework: Framework, shipped_network: RippleNetwork
) -> None:
    seen: dict[str, str] = {}
    for name, plain, words in _items(shipped_framework, shipped_network):
        for sector, sentence in words.items():
            assert sentence.strip().lower() != plain.strip().lower(), (name, sector)
            assert sentence not in seen, f"{name} {sector} repeats {seen.get(sentence)}"
            seen[sentence] = f"{name} {sector}"
        for a, b in itertools.combinations(SECTOR_IDS, 2):
            assert _alike(words[a], words[b]) <= ALIKE, (name, a, b)


def test_each_sectors_sentences_speak_its_own_vocabulary(
    shipped_framework: Framework, shipped_network: RippleNetwork
) -> None:
    """Most of a sector's sentences use words of its own field: a council sentence speaks of
    residents, wards and duties, an education one of pupils and learners. Not all need to
    (a link can be put plainly), but a sector whose sentences rarely do is not in its words."""
    items = _items(shipped_framework, shipped_network)
    for sector in SECTOR_IDS:
        marked = [bool(re.search(VOCABULARY[sector], w[sector].lower())) for _, _, w in items]
        assert sum(marked) / len(marked) > 0.7, (sector, sum(marked), len(marked))


def test_the_shipped_files_have_no_words_warnings() -> None:
    checked = check_files(default_files())
    assert [w for c in checked for w in c.warnings] == []


def _ripples_text() -> str:
    return (SCENARIOS / "ripples.yaml").read_text(encoding="utf-8")


def test_missing_and_copied_words_are_warnings_naming_file_line_and_path(tmp_path: Path) -> None:
    data = yaml.safe_load(_ripples_text())
    links = data["links"]
    del links[0]["language"]  # no words at all
    del links[1]["language"]["health"]  # one gap
    del links[1]["language"]["vcse"]
    links[2]["language"]["business"] = links[2]["language"]["council"]  # copied
    links[3]["language"]["vcse"] = links[3]["mechanism"]  # the mechanism pasted in
    council = "The council sees residents in work stay well for longer."
    links[4]["language"]["council"] = council
    links[4]["language"]["education"] = council.replace("The council", "The school")
    path = tmp_path / "ripples.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, width=1000), encoding="utf-8")
    doc = read_yaml(path, "ripples.yaml")
    found = [str(w) for w in words_warnings(doc)]
    line_of = {k: doc.line_of(("links", k)) for k in range(5)}
    assert found[0] == (
        f"ripples.yaml:{line_of[0]} links[0]: unemployment -> mental_health: no sector words; "
        "add 'language:' with one sentence for each of council, health, business, vcse, "
        "education"
    )
    assert any(
        re.fullmatch(r"ripples\.yaml:\d+ links\[1\]\.language: .*no sentence for health, vcse", f)
        for f in found
    )
    assert any(
        "links[2].language.business" in f and "same sentence as council's" in f for f in found
    )
    assert any("links[3].language.vcse" in f and "repeats the mechanism" in f for f in found)
    assert any("links[4].language.education" in f and "reads like council's" in f for f in found)
    assert len(found) == 5
    # thrive check prints them and still passes: the network can be played half-worded
    result = subprocess.run(
        [sys.executable, "-m", "game.cli", "check", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert f"warning: {path}:{line_of[0]} links[0]: unemployment -> mental_health" in result.stdout
    assert "no problems found (5 warning(s) above)." in result.stdout


def test_a_framework_node_without_words_is_named_by_its_path(tmp_path: Path) -> None:
    data = yaml.safe_load((SCENARIOS / "framework.yaml").read_text(encoding="utf-8"))
    del data["headlines"][1]["domains"][2]["language"]["education"]
    text = yaml.safe_dump(data, sort_keys=False, width=1000)
    doc = parse_yaml(text, "framework.yaml")
    found = [str(w) for w in words_warnings(doc)]
    name = data["headlines"][1]["domains"][2]["id"]
    assert found == [
        f"framework.yaml:{doc.line_of(('headlines', 1, 'domains', 2, 'language'))} "
        f"headlines[1].domains[2].language: {name}: no sentence for education"
    ]


def test_words_for_an_unknown_sector_or_on_a_split_domain_are_errors(tmp_path: Path) -> None:
    text = _ripples_text().replace("      vcse: ", "      charity: ", 1)
    path = tmp_path / "ripples.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_ripples(path)
    assert "links[0].language.charity: 'charity' is not allowed here" in caught.value.report()
    data = yaml.safe_load((SCENARIOS / "framework.yaml").read_text(encoding="utf-8"))
    data["headlines"][0]["domains"][0]["language"] = {"council": "Our places."}
    fw_path = tmp_path / "framework.yaml"
    fw_path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_framework(fw_path)
    assert "headlines[0].domains[0]: a domain split into sub-domains has no 'language'" in (
        caught.value.report()
    )


def test_a_sector_without_a_sentence_reads_the_plain_words() -> None:
    network = load_ripples()
    link = network.links[0]
    assert in_words(link.mechanism, link.words, "health") == link.words["health"]
    assert in_words(link.mechanism, {}, "health") == link.mechanism
    assert in_words(link.mechanism, link.words, None) == link.mechanism
