"""Load and check scenario files: the one way YAML becomes typed, frozen model objects.

Every loader raises :class:`model.errors.ScenarioError` listing *every* problem it finds, each
with file, line and path. Checks that need more than one record (unknown nodes, duplicate links,
loops with no delay, instability) run over every link that is itself valid, so a file with
several kinds of mistake gets them all reported at once.
"""

from __future__ import annotations

import difflib
import itertools
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from pydantic import ValidationError

from model.bounds import FIGURES, MAX_EMPLOYER_SHARE, POPULATION
from model.errors import Problem, ScenarioError
from model.events import EventsFile
from model.framework import Framework, FrameworkFile
from model.interventions import InterventionsFile
from model.network import STABILITY_LIMIT, Link, RippleNetwork, in_file_order
from model.plans import PlanFile, check_plan_ids
from model.ripples import LinkRecord, RipplesFile
from model.schema import validate
from model.town.description import TownFile, TownFromPlaces
from model.words import words_warnings
from model.yamlfile import YamlDocument, read_yaml
from scenarios import SCENARIO_DIR

__all__ = [
    "FILE_KINDS",
    "CheckedFile",
    "check_files",
    "default_files",
    "load_document",
    "load_events",
    "load_framework",
    "load_interventions",
    "load_plan",
    "load_ripples",
    "load_town",
    "plan_population",
    "scenario_town",
    "shipped_towns",
    "town_from_document",
    "town_path",
]

FILE_KINDS = ("framework", "ripples", "town", "interventions", "events", "plan", "challenge")
"""The kinds of scenario file, named by each file's top-level ``kind:`` key."""


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(SCENARIO_DIR))
    except ValueError:
        return str(path)


def load_document(path: Path) -> YamlDocument:
    """Read a scenario file, named as every message names it (relative to ``scenarios/``)."""
    return read_yaml(path, _display(path))


def load_framework(path: Path | str | None = None) -> Framework:
    """Load and check a framework file (default: the shipped ``framework.yaml``)."""
    p = Path(path) if path is not None else SCENARIO_DIR / "framework.yaml"
    doc = read_yaml(p, _display(p))
    return Framework.from_record(validate(FrameworkFile, doc))


def load_ripples(
    path: Path | str | None = None, framework: Framework | None = None
) -> RippleNetwork:
    """Load and check a ripple file against a framework (default: the shipped files)."""
    p = Path(path) if path is not None else SCENARIO_DIR / "ripples.yaml"
    fw = framework if framework is not None else load_framework()
    doc = read_yaml(p, _display(p))
    return ripples_from_document(doc, fw)


def ripples_from_document(doc: YamlDocument, framework: Framework) -> RippleNetwork:
    """Check a parsed ripple file in full and compile it."""
    problems: list[Problem] = []
    try:
        validate(RipplesFile, doc)
    except ScenarioError as exc:
        problems.extend(exc.problems)
    links = _valid_links(doc)
    if not problems and not links:
        problems.append(doc.problem(("links",), "list at least one link"))
    problems.extend(check_links(doc, framework, links))
    if problems:
        raise ScenarioError(problems)
    return RippleNetwork(framework, links)


def _valid_links(doc: YamlDocument) -> list[Link]:
    raw = doc.data.get("links") if isinstance(doc.data, dict) else None
    if not isinstance(raw, list):
        return []
    out: list[Link] = []
    for index, item in enumerate(raw):
        try:
            out.append(Link.from_record(index, LinkRecord.model_validate(item)))
        except ValidationError:
            continue  # reported by the whole-file validation
    return out


def check_links(doc: YamlDocument, framework: Framework, links: Sequence[Link]) -> list[Problem]:
    """Problems that need the framework or several links at once."""
    problems: list[Problem] = []
    node_ids = list(framework.node_index)
    known: list[Link] = []
    for link in links:
        ok = True
        for end in ("source", "target"):
            name = getattr(link, end)
            if name not in framework.node_index:
                ok = False
                problems.append(doc.problem(("links", link.index, end), _unknown(name, node_ids)))
        if ok:
            known.append(link)
    first: dict[tuple[str, str], Link] = {}
    unique: list[Link] = []
    for link in known:
        pair = (link.source, link.target)
        if pair in first:
            line = doc.line_of(("links", first[pair].index))
            problems.append(
                doc.problem(
                    ("links", link.index),
                    f"duplicate link {link.source} -> {link.target} (first at links"
                    f"[{first[pair].index}], line {line}): merge them into one",
                )
            )
        else:
            first[pair] = link
            unique.append(link)
    problems.extend(_zero_delay_loops(doc, unique))
    if not problems:
        network = RippleNetwork(framework, unique)
        if network.spectral_radius >= STABILITY_LIMIT:
            strongest = "; ".join(str(lp) for lp in network.loops[:3]) or "none found"
            problems.append(
                doc.problem(
                    ("links",),
                    f"the network is unstable: the spectral radius of its summed absolute "
                    f"weights is {network.spectral_radius:.3f} (must be below "
                    f"{STABILITY_LIMIT:g}), so a sustained push would grow without bound. "
                    f"Weaken the strongest loops: {strongest}",
                )
            )
    return problems


def _zero_delay_loops(doc: YamlDocument, links: Sequence[Link]) -> list[Problem]:
    graph = nx.DiGraph()
    for link in links:
        if link.delay == 0:
            graph.add_edge(link.source, link.target, link=link)
    problems: list[Problem] = []
    for cycle in itertools.islice(nx.simple_cycles(graph), 50):
        hops = zip(cycle, [*cycle[1:], cycle[0]], strict=True)
        loop = in_file_order([graph.edges[a, b]["link"] for a, b in hops])
        names = ", ".join(f"links[{k.index}] ({k.source} -> {k.target})" for k in loop)
        problems.append(
            doc.problem(
                ("links", max(k.index for k in loop), "delay"),
                f"loop with no delay: {names}. A loop needs at least one link with delay >= 1, "
                "or the year could never be settled",
            )
        )
    return problems


def _unknown(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown node '{name}'{hint}"


def town_path(scenario: str) -> Path:
    """The town description a scenario names: a file, or a shipped town's id.

    >>> town_path("brackenbury").name
    'brackenbury.yaml'
    """
    given = Path(scenario)
    if given.suffix in {".yaml", ".yml"} or given.exists():
        return given
    shipped = SCENARIO_DIR / "towns" / f"{scenario}.yaml"
    if shipped.exists():
        return shipped
    towns = ", ".join(sorted(p.stem for p in (SCENARIO_DIR / "towns").glob("*.yaml")))
    raise ScenarioError(
        [Problem(scenario, None, "", f"no such scenario file or town; shipped towns: {towns}")]
    )


def scenario_town(scenario: str, framework: Framework) -> tuple[str, TownFile]:
    """The town a scenario names: ``place:<district code>``, a shipped town's id, or a file.

    Returns a label for reports (the file, or the place) and the checked description.
    """
    if scenario.lower().startswith("place:"):
        from model.places import place, place_description

        found = place(scenario.partition(":")[2])
        return f"place:{found.code}", place_description(found, framework)
    path = town_path(scenario)
    return str(path), load_town(path, framework)


def load_town(path: Path | str, framework: Framework | None = None) -> TownFile:
    """Load and check a town description against a framework (default: the shipped one)."""
    p = Path(path)
    fw = framework if framework is not None else load_framework()
    return town_from_document(read_yaml(p, _display(p)), fw)


def town_from_document(doc: YamlDocument, framework: Framework) -> TownFile:
    """Check a parsed town description in full: its schema, its indicators' ids and its
    briefing. A file built from the table of English districts (``place:`` or
    ``typical_of:``) is expanded into the full description here."""
    data = doc.data if isinstance(doc.data, dict) else {}
    if "place" in data or "typical_of" in data:
        return _town_from_places(doc, framework)
    problems: list[Problem] = []
    town: TownFile | None = None
    try:
        town = validate(TownFile, doc)
    except ScenarioError as exc:
        problems.extend(exc.problems)
    raw = data.get("indicators")
    if isinstance(raw, dict):
        known = list(framework.indicator_index)
        for name in raw:
            if name not in framework.indicator_index:
                close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(
                    doc.problem(("indicators", name), f"unknown indicator '{name}'{hint}")
                )
    if town is not None:
        problems.extend(_town_figure_problems(doc, town))
    if problems or town is None:
        raise ScenarioError(problems)
    return _with_briefing(doc, town, town.briefing, framework)


def _town_from_places(doc: YamlDocument, framework: Framework) -> TownFile:
    """Expand a ``place:`` or ``typical_of:`` town file from ``scenarios/data/places.csv``."""
    from model.places import place, place_description, typical_description

    spec = validate(TownFromPlaces, doc)
    problems: list[Problem] = []
    where: list[tuple[tuple[str | int, ...], str]] = []
    if spec.place is not None:
        where.append((("place",), spec.place))
    if spec.typical_of is not None:
        where += [(("typical_of", "places", k), c) for k, c in enumerate(spec.typical_of.places)]
    for loc, code in where:
        try:
            place(code)
        except ScenarioError as exc:
            problems.extend(doc.problem(loc, p.message) for p in exc.problems)
    if problems:
        raise ScenarioError(problems)
    if spec.place is not None:
        town = place_description(place(spec.place), framework)
    else:
        typical = spec.typical_of
        assert typical is not None  # one of the two, checked by TownFromPlaces
        town = typical_description(
            typical.places, typical.population, framework, typical.kind_of_place
        )
    town = town.model_copy(
        update={"id": spec.id, "name": spec.name, "description": spec.description}
    )
    problems = _town_figure_problems(doc, town)
    if problems:
        raise ScenarioError(problems)
    return _with_briefing(doc, town, spec.briefing, framework)


_TOWN_FIGURES = ("population", "ethnic_minority_share", "female_share")
"""Figures of a town that a briefing may quote besides its indicators."""

_FIGURE_FORMAT = re.compile(r"^,?(?:\.[0-3][f%])?$")
"""The formats a briefing may give a figure: none, ``,`` (thousands), ``.1f`` or ``.0%`` (0 to 3
decimals), or both (``,.0f``). Nothing else: a width or a precision is a number of characters
to allocate (``{population:>900000000}`` asked for 1.9 GB), and no briefing needs one."""

_QUOTE = re.compile(r"\{([^{}:!]*)(?:!([^{}:]*))?(?::([^{}]*))?\}")
"""A well-formed quote, ``{name!conversion:format}``: found this way only in a briefing that
:class:`string.Formatter` cannot parse (a lone brace), so that every quote is still checked."""

_FORMATS_ALLOWED = "use {name}, {name:,}, {name:.1f} or {name:.0%}, with 0 to 3 decimals"


def _town_figure_problems(doc: YamlDocument, town: TownFile) -> list[Problem]:
    """Figures outside the range their unit allows (``model/bounds.py``), and more employers
    than the town's residents could staff: the same check for ``thrive check`` and a run."""
    problems: list[Problem] = []
    for name, value in town.indicators.items():
        allowed = FIGURES.get(name)
        if allowed is not None and value not in allowed:
            problems.append(doc.problem(("indicators", name), allowed.describe(value)))
    count = town.employers.count
    most = town.population // MAX_EMPLOYER_SHARE
    if count is not None and count > most:
        problems.append(
            doc.problem(
                ("employers", "count"),
                f"at most one employer for every {MAX_EMPLOYER_SHARE} residents "
                f"({town.population:,} residents allow {most:,}; got {count:,})",
            )
        )
    return problems


def _with_briefing(
    doc: YamlDocument, town: TownFile, briefing: str | None, framework: Framework
) -> TownFile:
    """The town with its briefing's quoted figures filled in (see ``TownFile.briefing``).

    The briefing is read with :class:`string.Formatter`'s parser but never formatted by it:
    each field is looked up here, and its format must match :data:`_FIGURE_FORMAT`, so a
    briefing can neither reach into attributes nor ask for an unbounded amount of text."""
    if briefing is None:
        return town
    problems: list[str] = []
    references = {i.id: i.reference.typical for i in framework.indicators}
    try:
        fields = list(string.Formatter().parse(briefing))
    except ValueError:  # a lone brace: still check every well-formed quote, to name them all
        fields = [("", m.group(1), m.group(3) or "", m.group(2)) for m in _QUOTE.finditer(briefing)]
        lone = "a lone '{' or '}': quote a figure as {indicator_id} or {indicator_id:.1f}"
    else:
        lone = ""
    parts: list[str] = []
    for literal, field_name, spec, conversion in fields:
        parts.append(literal)
        if field_name is None:
            continue
        name, spec = field_name.strip(), spec or ""
        quoted = (
            "{"
            + field_name
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
        )
        if conversion:
            problems.append(f"'{quoted}': a briefing quotes a figure without '!' conversions")
            continue
        if not _FIGURE_FORMAT.match(spec):
            problems.append(
                f"'{quoted}': '{spec}' is not a figure format a briefing may use "
                f"({_FORMATS_ALLOWED})"
            )
            continue
        value: float | None
        if name in _TOWN_FIGURES:
            value = float(getattr(town, name))
        elif name.startswith("england."):
            value = references.get(name.removeprefix("england."))
        elif name in framework.indicator_index and name not in town.indicators:
            problems.append(f"'{{{name}}}' quotes a figure this town does not give")
            continue
        else:
            value = town.indicators.get(name)
        if value is None:
            close = difflib.get_close_matches(name, list(framework.indicator_index), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(f"'{{{name}}}' is not a figure of the town{hint}")
            continue
        if name == "population" and spec in {"", ","}:  # a whole number of people
            parts.append(format(int(value), ","))
        else:
            parts.append(format(value, spec))
    if lone and not problems:
        problems.append(lone)
    if problems:
        raise ScenarioError([doc.problem(("briefing",), m) for m in problems])
    return town.model_copy(update={"briefing": " ".join("".join(parts).split())})


def shipped_towns(framework: Framework) -> list[tuple[str, TownFile]]:
    """Every ready-made town as ``(ref, town)``, in the order a start screen shows them.

    ``ref`` is what ``thrive run REF`` accepts (the file's name without ``.yaml``). Real places
    (``place:``) come first, then the teaching archetypes (``typical_of:``), then the towns
    described figure by figure (Brackenbury), each group by name.
    """
    found: list[tuple[int, str, str, TownFile]] = []
    for path in sorted((SCENARIO_DIR / "towns").glob("*.yaml")):
        doc = read_yaml(path, _display(path))
        data = doc.data if isinstance(doc.data, dict) else {}
        group = 0 if "place" in data else 1 if "typical_of" in data else 2
        town = town_from_document(doc, framework)
        found.append((group, town.name, path.stem, town))
    return [(ref, town) for _, _, ref, town in sorted(found, key=lambda f: (f[0], f[1], f[2]))]


def load_interventions(
    path: Path | str | None = None, framework: Framework | None = None
) -> InterventionsFile:
    """Load and check the sectors and interventions (default: the shipped file)."""
    p = Path(path) if path is not None else SCENARIO_DIR / "interventions.yaml"
    fw = framework if framework is not None else load_framework()
    return interventions_from_document(read_yaml(p, _display(p)), fw)


def interventions_from_document(doc: YamlDocument, framework: Framework) -> InterventionsFile:
    """Check a parsed interventions file: its schema, and every id it names."""
    record = validate(InterventionsFile, doc)
    problems: list[Problem] = []
    all_ids = set(framework.node_index) | set(framework.domain_ids) | set(framework.headline_ids)
    sector_ids = {s.id for s in record.sectors}
    for k, sector in enumerate(record.sectors):
        for j, watched in enumerate(sector.watches):
            if watched not in all_ids:
                problems.append(
                    doc.problem(("sectors", k, "watches", j), _unknown(watched, sorted(all_ids)))
                )
        if sector.objective_node not in all_ids:
            problems.append(
                doc.problem(
                    ("sectors", k, "objective_node"),
                    _unknown(sector.objective_node, sorted(all_ids)),
                )
            )
    for k, item in enumerate(record.interventions):
        for j, effect in enumerate(item.effects):
            if effect.node not in framework.node_index:
                problems.append(
                    doc.problem(
                        ("interventions", k, "effects", j, "node"),
                        _unknown(effect.node, list(framework.node_index)),
                    )
                )
        for j, funder in enumerate(item.funders):
            if funder not in sector_ids:
                problems.append(
                    doc.problem(
                        ("interventions", k, "funders", j), f"no sector '{funder}' in this file"
                    )
                )
    if problems:
        raise ScenarioError(problems)
    return record


def load_events(path: Path | str | None = None, framework: Framework | None = None) -> EventsFile:
    """Load and check the events and situations (default: the shipped file)."""
    p = Path(path) if path is not None else SCENARIO_DIR / "events.yaml"
    fw = framework if framework is not None else load_framework()
    return events_from_document(read_yaml(p, _display(p)), fw)


def events_from_document(doc: YamlDocument, framework: Framework) -> EventsFile:
    """Check a parsed events file: its schema, and every node it names."""
    record = validate(EventsFile, doc)
    problems: list[Problem] = []
    nodes = list(framework.node_index)

    def check(loc: tuple[str | int, ...], node: str) -> None:
        if node not in framework.node_index:
            problems.append(doc.problem(loc, _unknown(node, nodes)))

    for k, event in enumerate(record.events):
        if event.when is not None:
            check(("events", k, "when", "node"), event.when.node)
        for j, effect in enumerate(event.effects):
            check(("events", k, "effects", j, "node"), effect.node)
    for k, situation in enumerate(record.situations):
        check(("situations", k, "node"), situation.node)
        for j, effect in enumerate(situation.effects):
            check(("situations", k, "effects", j, "node"), effect.node)
    if problems:
        raise ScenarioError(problems)
    return record


def load_plan(
    path: Path | str,
    framework: Framework | None = None,
    interventions: InterventionsFile | None = None,
    town: TownFile | None = None,
    residents: int | None = None,
) -> PlanFile:
    """Load and check a plan against the interventions (default: the shipped ones), and its
    money against a town as :func:`plan_from_document` says."""
    p = Path(path)
    fw = framework if framework is not None else load_framework()
    inter = interventions if interventions is not None else load_interventions(framework=fw)
    return plan_from_document(read_yaml(p, _display(p)), fw, inter, town, residents)


def plan_from_document(
    doc: YamlDocument,
    framework: Framework,
    interventions: InterventionsFile,
    town: TownFile | None = None,
    residents: int | None = None,
) -> PlanFile:
    """Check a parsed plan: its schema, its ids, and its budgets and scales at the size a game
    of it quotes money for, as ``thrive run`` plays it: ``residents`` if given, else the plan's
    own ``residents``, else the size of ``town`` (default: the town the plan names, if any)."""
    problems: list[Problem] = []
    plan: PlanFile | None = None
    try:
        plan = validate(PlanFile, doc)
    except ScenarioError as exc:
        problems.extend(exc.problems)
    data = doc.data if isinstance(doc.data, dict) else {}
    given = data.get("residents")
    in_range = isinstance(given, int) and POPULATION[0] <= given <= POPULATION[1]
    population = residents or (given if in_range else None)  # out of range: schema refuses it
    named = data.get("town")
    if population is None and town is not None:
        population = town.population
    elif population is None and isinstance(named, str):
        try:
            population = load_town(town_path(named), framework).population
        except ScenarioError as exc:
            problems.extend(exc.problems)
    problems.extend(check_plan_ids(doc, interventions, population))
    if problems or plan is None:
        raise ScenarioError(problems)
    return plan


def plan_population(plan: PlanFile, town: TownFile, residents: int | None = None) -> int:
    """The size a game of ``plan`` on ``town`` quotes money for, as ``thrive run`` plays it:
    the residents asked for, else the plan's own, else the town's."""
    return residents or plan.residents or town.population


def _interventions_for(path: Path, framework: Framework) -> InterventionsFile:
    beside = path.resolve().parent / "interventions.yaml"
    return load_interventions(beside if beside.exists() else None, framework)


@dataclass(frozen=True)
class CheckedFile:
    """The result of checking one file: its kind and the summary lines to print."""

    path: Path
    kind: str
    summary: dict[str, int | float]
    notes: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()
    """Problems that do not stop the file being used (missing sector words: model/words.py)."""


def default_files() -> list[Path]:
    """The shipped scenario files, in checking order."""
    return [
        SCENARIO_DIR / "framework.yaml",
        SCENARIO_DIR / "ripples.yaml",
        *[
            p
            for p in (SCENARIO_DIR / "interventions.yaml", SCENARIO_DIR / "events.yaml")
            if p.exists()
        ],
        *sorted((SCENARIO_DIR / "towns").glob("*.yaml")),
        *sorted((SCENARIO_DIR / "plans").glob("*.yaml")),
        *sorted((SCENARIO_DIR / "challenges").glob("*.yaml")),
    ]


def check_files(
    paths: Iterable[Path | str], town: TownFile | None = None, residents: int | None = None
) -> list[CheckedFile]:
    """Check files of any kind; raise one :class:`ScenarioError` with every problem in all.
    Plans are checked against ``town`` at ``residents`` if given (see
    :func:`plan_from_document`)."""
    problems: list[Problem] = []
    checked: list[CheckedFile] = []
    docs: list[tuple[Path, YamlDocument]] = []
    for raw in paths:
        p = Path(raw)
        try:
            docs.append((p, read_yaml(p, _display(p))))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    frameworks: dict[Path, Framework] = {}
    ripples: list[tuple[Path, YamlDocument]] = []
    towns: list[tuple[Path, YamlDocument]] = []
    others: list[tuple[Path, YamlDocument, str]] = []
    for p, doc in docs:
        kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
        if kind == "framework":
            try:
                fw = Framework.from_record(validate(FrameworkFile, doc))
            except ScenarioError as exc:
                problems.extend(exc.problems)
                continue
            frameworks[p.resolve().parent] = fw
            checked.append(
                CheckedFile(p, "framework", dict(fw.summary()), warnings=_words_warnings(doc))
            )
        elif kind == "ripples":
            ripples.append((p, doc))
        elif kind == "town":
            towns.append((p, doc))
        elif kind in ("interventions", "events", "plan", "challenge"):
            others.append((p, doc, str(kind)))
        elif kind in ("more_interventions", "more_events", "weights"):
            problems.append(  # read only with the shipped files they add to (model/user_folder.py)
                doc.problem(
                    ("kind",),
                    f"a '{kind}' file adds to the shipped scenarios: check its folder with "
                    "thrive check --scenarios FOLDER",
                )
            )
        else:
            choices = ", ".join(FILE_KINDS)
            problems.append(
                doc.problem(("kind",), f"top-level 'kind' must be one of: {choices} (got {kind!r})")
            )
    for p, doc in ripples:
        fw_here = frameworks.get(p.resolve().parent)
        note = "checked against the framework beside it"
        if fw_here is None:
            beside = p.resolve().parent / "framework.yaml"
            try:
                fw_here = load_framework(beside if beside.exists() else None)
            except ScenarioError as exc:
                problems.extend(exc.problems)
                continue
            note = (
                f"checked against {_display(beside)}"
                if beside.exists()
                else "checked against the shipped framework.yaml"
            )
        try:
            network = ripples_from_document(doc, fw_here)
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        checked.append(CheckedFile(p, "ripples", network.summary(), (note,), _words_warnings(doc)))
    for p, doc, kind in others:
        try:
            fw_other = _framework_for(p, frameworks)
            if kind == "challenge":
                from model.challenges import challenge_from_document

                ch = challenge_from_document(doc, fw_other)
                summary_c: dict[str, int | float] = {
                    "rounds": ch.rounds,
                    "teams": len(ch.teams),
                    "goals": len(ch.goals),
                    "hints": len(ch.hints),
                }
                checked.append(CheckedFile(p, kind, summary_c, (f"town: {ch.town}",)))
            elif kind == "plan":
                plan = plan_from_document(
                    doc, fw_other, _interventions_for(p, fw_other), town, residents
                )
                checked.append(CheckedFile(p, kind, {"rounds": len(plan.rounds)}))
            elif kind == "interventions":
                inter = interventions_from_document(doc, fw_other)
                summary_i: dict[str, int | float] = {
                    "sectors": len(inter.sectors),
                    "interventions": len(inter.interventions),
                    "partnership bonus": inter.partnership.bonus,
                }
                checked.append(CheckedFile(p, kind, summary_i))
            else:
                ev = events_from_document(doc, fw_other)
                checked.append(
                    CheckedFile(
                        p, kind, {"events": len(ev.events), "situations": len(ev.situations)}
                    )
                )
        except ScenarioError as exc:
            problems.extend(exc.problems)
    for p, doc in towns:
        try:
            town = town_from_document(doc, _framework_for(p, frameworks))
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        summary: dict[str, int | float] = {
            "population": town.population,
            "neighbourhoods": town.neighbourhoods.count,
            "indicators given": len(town.indicators),
        }
        data = doc.data if isinstance(doc.data, dict) else {}
        notes: tuple[str, ...] = ()
        if "place" in data:
            notes = (f"figures from scenarios/data/places.csv: district {data['place']}",)
        elif "typical_of" in data:
            notes = ("figures: medians over districts of scenarios/data/places.csv",)
        checked.append(CheckedFile(p, "town", summary, notes))
    if problems:
        raise ScenarioError(problems)
    return checked


def _words_warnings(doc: YamlDocument) -> tuple[Problem, ...]:
    return tuple(sorted(words_warnings(doc), key=lambda p: (p.line or 0, p.path)))


def _framework_for(path: Path, frameworks: dict[Path, Framework]) -> Framework:
    """The framework a file is checked against: one checked beside it, or the shipped one."""
    here = path.resolve().parent
    for folder in (here, here.parent):
        if folder in frameworks:
            return frameworks[folder]
    return load_framework()
