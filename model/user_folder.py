"""A trainer's own scenarios: a folder of YAML files added to the shipped ones, never over them.

The folder is ``scenarios`` under the user folder (``game.session.home_folder()``), or any
folder given with ``--scenarios DIR``. Every ``*.yaml`` in it (and in its sub-folders) is read
by its ``kind:``:

- ``town``: a town described figure by figure, or from the table of English districts
  (``place:`` or ``typical_of:``), exactly as the shipped towns are; it joins the start
  screen's list and ``thrive run``/``thrive play`` take its file's path;
- ``more_interventions``: interventions, each as in ``interventions.yaml`` (funders from the
  five sectors, effects, evidence, each sector's words), added to the shipped ones;
- ``more_events``: events and situations, as in ``events.yaml``, added to the shipped ones;
- ``challenge``: a trainer's challenge (``model/challenges.py``), which may name one of the
  folder's own towns by its id;
- ``weights``: a reading of the evidence that sets some links' weights, each within the range
  its evidence level allows (``model/weight_ranges.py``), with the reason.

Nothing here replaces a shipped file: an id the shipped files (or another file of the folder)
already use is an error naming both files and lines, and so is a second weight for one link.
Every problem of every file is reported at once, with file, line and path.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field

from model.challenges import ChallengeFile, challenge_from_document, shipped_challenges
from model.errors import Problem, ScenarioError
from model.events import Event, EventsFile, Situation
from model.framework import Framework
from model.interventions import Intervention, InterventionsFile
from model.network import RippleNetwork
from model.schema import Float, Id, Record, Text, validate
from model.town.description import TownFile
from model.weight_ranges import weight_range, with_weights
from model.yamlfile import Loc, YamlDocument, read_yaml
from scenarios import SCENARIO_DIR

__all__ = [
    "USER_KINDS",
    "MoreEvents",
    "MoreInterventions",
    "UserScenarios",
    "WeightChange",
    "WeightsFile",
    "load_user_folder",
    "user_files",
]

USER_KINDS = ("town", "more_interventions", "more_events", "challenge", "weights")
"""The kinds of file a user scenarios folder may hold."""

MAX_FILES = 200
"""Most files read from one folder: a trainer's folder holds a handful."""


class MoreInterventions(Record):
    """A file of interventions to add to the shipped ones."""

    kind: Literal["more_interventions"]
    version: Literal[1]
    description: Text | None = None
    interventions: tuple[Intervention, ...] = Field(min_length=1)


class MoreEvents(Record):
    """A file of events and situations to add to the shipped ones."""

    kind: Literal["more_events"]
    version: Literal[1]
    description: Text | None = None
    events: tuple[Event, ...] = ()
    situations: tuple[Situation, ...] = ()


class WeightChange(Record):
    """One link's weight as the trainer reads the evidence."""

    source: Id
    target: Id
    weight: Float
    reason: Text


class WeightsFile(Record):
    """A file of link weights that replace the shipped ones, each within its evidence's range."""

    kind: Literal["weights"]
    version: Literal[1]
    description: Text | None = None
    links: tuple[WeightChange, ...] = Field(min_length=1)


@dataclass(frozen=True)
class UserScenarios:
    """The shipped scenarios with a user folder's files added."""

    folder: Path
    network: RippleNetwork
    interventions: InterventionsFile
    events: EventsFile
    towns: tuple[tuple[str, TownFile], ...] = ()
    """The folder's towns as ``(ref, town)``: ``ref`` is the file's path, what ``thrive run``
    and the start screen take."""
    challenges: tuple[tuple[str, ChallengeFile], ...] = ()
    """The folder's challenges as ``(file shown, challenge)``; a town of the folder is named by
    its file's path."""
    files: tuple[tuple[str, str, str], ...] = field(default=())
    """Each file read: (file shown, kind, what it added), for ``thrive check``."""


def user_files(folder: Path) -> list[Path]:
    """The YAML files of a user folder, in a stable order (none if it does not exist)."""
    if not folder.is_dir():
        return []
    found = sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    return found[:MAX_FILES]


def _shown(path: Path, folder: Path) -> str:
    try:
        return str(Path(folder.name) / path.resolve().relative_to(folder.resolve()))
    except ValueError:
        return str(path)


@dataclass
class _Ids:
    """Where each id of one kind was first defined: file shown and line."""

    what: str
    seen: dict[str, tuple[str, int | None]] = field(default_factory=dict)

    def add_shipped(self, doc: YamlDocument, key: str, ids: Iterable[str]) -> None:
        for k, ident in enumerate(ids):
            self.seen.setdefault(ident, (doc.file, doc.line_of((key, k))))

    def claim(self, doc: YamlDocument, loc: Loc, ident: str) -> Problem | None:
        if ident in self.seen:
            file, line = self.seen[ident]
            where = f"{file}:{line}" if line is not None else file
            return doc.problem(
                loc,
                f"'{ident}' is already {self.what} in {where}: a user file adds to the shipped "
                "ones and never replaces them, so give yours another id",
            )
        self.seen[ident] = (doc.file, doc.line_of(loc))
        return None


def load_user_folder(
    folder: Path,
    framework: Framework,
    network: RippleNetwork,
    interventions: InterventionsFile,
    events: EventsFile,
) -> UserScenarios:
    """Read and check every file of ``folder`` against the shipped scenarios (``network``,
    ``interventions`` and ``events`` as shipped); raise one :class:`ScenarioError` naming
    every problem of every file."""
    from model.loading import load_document, shipped_towns, town_from_document

    problems: list[Problem] = []
    docs: list[tuple[Path, YamlDocument]] = []
    for path in user_files(folder):
        try:
            docs.append((path, read_yaml(path, _shown(path, folder))))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    shipped_inter = load_document(SCENARIO_DIR / "interventions.yaml")
    shipped_events = load_document(SCENARIO_DIR / "events.yaml")
    item_ids = _Ids("an intervention")
    item_ids.add_shipped(
        shipped_inter, "interventions", (i.id for i in interventions.interventions)
    )
    event_ids = _Ids("an event or situation")
    event_ids.add_shipped(shipped_events, "events", (e.id for e in events.events))
    event_ids.add_shipped(shipped_events, "situations", (s.id for s in events.situations))
    town_ids = _Ids("a town")
    for ref, town in shipped_towns(framework):
        town_ids.seen.setdefault(town.id, (f"towns/{ref}.yaml", None))
    challenge_ids = _Ids("a challenge")
    for shown, challenge in shipped_challenges(framework):
        challenge_ids.seen.setdefault(challenge.id, (shown, None))
    link_claims: dict[tuple[str, str], tuple[str, int | None]] = {}

    added_items: list[Intervention] = []
    added_events: list[Event] = []
    added_situations: list[Situation] = []
    towns: list[tuple[str, TownFile]] = []
    weights: dict[int, float] = {}
    weight_docs: list[YamlDocument] = []
    challenge_docs: list[YamlDocument] = []
    files: list[tuple[str, str, str]] = []
    nodes = set(framework.node_index)

    def check_node(doc: YamlDocument, loc: Loc, node: str) -> None:
        if node not in nodes:
            problems.append(doc.problem(loc, f"unknown node '{node}'"))

    for path, doc in docs:
        kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
        try:
            if kind == "town":
                town = town_from_document(doc, framework)
                clash = town_ids.claim(doc, ("id",), town.id)
                if clash:
                    problems.append(clash)
                    continue
                towns.append((str(path), town))
                files.append((doc.file, "town", f"the town {town.name}"))
            elif kind == "more_interventions":
                more = validate(MoreInterventions, doc)
                before = len(problems)
                for k, item in enumerate(more.interventions):
                    clash = item_ids.claim(doc, ("interventions", k, "id"), item.id)
                    if clash:
                        problems.append(clash)
                    for j, effect in enumerate(item.effects):
                        check_node(doc, ("interventions", k, "effects", j, "node"), effect.node)
                if len(problems) == before:
                    added_items.extend(more.interventions)
                    names = ", ".join(i.name for i in more.interventions)
                    files.append((doc.file, "more_interventions", names))
            elif kind == "more_events":
                evs = validate(MoreEvents, doc)
                before = len(problems)
                listed: tuple[tuple[str, tuple[Event | Situation, ...]], ...] = (
                    ("events", evs.events),
                    ("situations", evs.situations),
                )
                for key, happenings in listed:
                    for k, happening in enumerate(happenings):
                        clash = event_ids.claim(doc, (key, k, "id"), happening.id)
                        if clash:
                            problems.append(clash)
                        for j, effect in enumerate(happening.effects):
                            check_node(doc, (key, k, "effects", j, "node"), effect.node)
                for k, event in enumerate(evs.events):
                    if event.when is not None:
                        check_node(doc, ("events", k, "when", "node"), event.when.node)
                for k, situation in enumerate(evs.situations):
                    check_node(doc, ("situations", k, "node"), situation.node)
                if not evs.events and not evs.situations:
                    problems.append(doc.problem((), "list at least one event or situation"))
                if len(problems) == before:
                    added_events.extend(evs.events)
                    added_situations.extend(evs.situations)
                    count = len(evs.events) + len(evs.situations)
                    files.append((doc.file, "more_events", f"{count} event(s) and situation(s)"))
            elif kind == "challenge":
                challenge_docs.append(doc)  # once the folder's towns are known
            elif kind == "weights":
                weight_docs.append(doc)
            else:
                problems.append(
                    doc.problem(
                        ("kind",),
                        f"a user scenarios file's 'kind' must be one of: {', '.join(USER_KINDS)} "
                        f"(got {kind!r})",
                    )
                )
        except ScenarioError as exc:
            problems.extend(exc.problems)

    by_pair = {(k.source, k.target): k for k in network.links}
    for doc in weight_docs:
        try:
            record = validate(WeightsFile, doc)
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        for k, change in enumerate(record.links):
            pair = (change.source, change.target)
            link = by_pair.get(pair)
            if link is None:
                problems.append(
                    doc.problem(
                        ("links", k),
                        f"no link {change.source} -> {change.target} in ripples.yaml to re-weigh",
                    )
                )
                continue
            if pair in link_claims:
                file, line = link_claims[pair]
                problems.append(
                    doc.problem(
                        ("links", k),
                        f"{change.source} -> {change.target} is re-weighed in {file}:{line} "
                        "already: keep one",
                    )
                )
                continue
            link_claims[pair] = (doc.file, doc.line_of(("links", k)))
            low, high = weight_range(link)
            if not low - 1e-12 <= change.weight <= high + 1e-12:
                problems.append(
                    doc.problem(
                        ("links", k, "weight"),
                        f"{change.weight:g} is outside what {link.evidence.level} evidence "
                        f"allows for {change.source} -> {change.target} ({low:.3g} to "
                        f"{high:.3g}; the shipped weight is {link.weight:g})",
                    )
                )
                continue
            weights[link.index] = change.weight
        files.append((doc.file, "weights", f"{len(record.links)} link weight(s)"))
    merged_network = network
    if weights and not problems:
        try:
            merged_network = with_weights(network, weights)
        except ValueError as exc:
            problems.append(Problem(str(folder), None, "", f"the weights together: {exc}"))

    town_refs = {town.id: ref for ref, town in towns}
    challenges: list[tuple[str, ChallengeFile]] = []
    for doc in challenge_docs:
        try:
            challenge = challenge_from_document(doc, framework, town_refs)
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        clash = challenge_ids.claim(doc, ("id",), challenge.id)
        if clash:
            problems.append(clash)
            continue
        if challenge.town in town_refs:
            challenge = challenge.model_copy(update={"town": town_refs[challenge.town]})
        challenges.append((doc.file, challenge))
        files.append((doc.file, "challenge", challenge.name))
    if problems:
        raise ScenarioError(problems)
    return UserScenarios(
        folder=folder,
        network=merged_network,
        interventions=interventions.model_copy(
            update={"interventions": (*interventions.interventions, *added_items)}
        ),
        events=events.model_copy(
            update={
                "events": (*events.events, *added_events),
                "situations": (*events.situations, *added_situations),
            }
        ),
        towns=tuple(towns),
        challenges=tuple(challenges),
        files=tuple(files),
    )
