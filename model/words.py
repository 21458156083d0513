"""Every node and link in each sector's words: the interpreters' vocabulary, and its checks.

Trainers teach "interpreters", people who carry a wellbeing approach between sectors that
speak different languages. So each node of the framework (``framework.yaml``) and each ripple
link (``ripples.yaml``) carries, beside its plain description or mechanism, one sentence per
sector under ``language:`` (as every intervention in ``interventions.yaml`` already does): what
that node or link means *to the council*, *to the NHS*, and so on, in their own terms.

Missing words are not an error (a trainer's own network can be played before it is fully
worded) but a **warning** from ``thrive check``, naming each gap with its file, line and path.
So is a sentence that is not really a sector's own: the same sentence for two sectors, one
that repeats the description or mechanism word for word, or two sectors' sentences that read
alike but for a few swapped words (a template with the sector's name changed).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from typing import Any, Literal, get_args

from model.errors import Problem
from model.yamlfile import Loc, YamlDocument

__all__ = [
    "ALIKE",
    "SECTOR_IDS",
    "SectorId",
    "in_words",
    "words_warnings",
]

SectorId = Literal["council", "health", "business", "vcse", "education"]
SECTOR_IDS: tuple[str, ...] = get_args(SectorId)
"""The five sectors, in the order teams are shown."""

ALIKE = 0.8
"""Two sectors' sentences whose words match more than this (difflib's ratio over words, after
dropping the sector's own name) read as one template with a few words swapped. Real sentences
in different vocabularies for the same link share well under half their words; 0.8 is a
judgement, not a measurement, set to let a short shared phrase ("within a year") through."""

_SECTOR_NAMES = re.compile(
    r"\b(council|councils|nhs|health|business|businesses|firms?|employers?|voluntary|"
    r"community|sector|vcse|schools?|colleges?|education|our|we|us)\b"
)


def in_words(plain: str, words: Mapping[Any, str], sector: str | None) -> str:
    """A node's description or a link's mechanism in a sector's words, or plainly.

    ``sector`` None means plain words; a sector with no sentence falls back to the plain one,
    so a half-worded trainer's file still reads.

    >>> in_words("Jobs.", {"council": "Residents in work."}, "council")
    'Residents in work.'
    >>> in_words("Jobs.", {"council": "Residents in work."}, "health")
    'Jobs.'
    >>> in_words("Jobs.", {}, None)
    'Jobs.'
    """
    if sector is None:
        return plain
    return words.get(sector) or plain


def words_warnings(doc: YamlDocument) -> list[Problem]:
    """Every gap or copy in the sector words of a framework or ripples file, as warnings.

    Reads the raw document (not the validated records) so that it can name each item's line;
    items that are not mappings are left to the schema's errors.
    """
    out: list[Problem] = []
    for loc, plain_key, item in _worded_items(doc.data):
        out.extend(_item_warnings(doc, loc, plain_key, item))
    return out


def _worded_items(data: Any) -> Iterator[tuple[Loc, str, dict[str, Any]]]:
    """(path, name of its plain sentence, item) for every node or link in a document."""
    if not isinstance(data, dict):
        return
    if data.get("kind") == "ripples":
        for k, link in enumerate(data.get("links") or []):
            if isinstance(link, dict):
                yield ("links", k), "mechanism", link
    elif data.get("kind") == "framework":
        for h, head in enumerate(data.get("headlines") or []):
            if not isinstance(head, dict):
                continue
            for d, domain in enumerate(head.get("domains") or []):
                if not isinstance(domain, dict):
                    continue
                loc: Loc = ("headlines", h, "domains", d)
                subdomains = domain.get("subdomains")
                if isinstance(subdomains, list):
                    for s, sub in enumerate(subdomains):
                        if isinstance(sub, dict):
                            yield (*loc, "subdomains", s), "description", sub
                else:
                    yield loc, "description", domain


def _item_warnings(
    doc: YamlDocument, loc: Loc, plain_key: str, item: dict[str, Any]
) -> list[Problem]:
    name = item.get("id") or (
        f"{item.get('source')} -> {item.get('target')}" if "source" in item else "?"
    )
    words = item.get("language")
    every = ", ".join(SECTOR_IDS)
    if words is None:
        return [
            doc.problem(
                loc,
                f"{name}: no sector words; add 'language:' with one sentence for each of {every}",
            )
        ]
    if not isinstance(words, dict):
        return []  # the schema reports it
    out: list[Problem] = []
    missing = [s for s in SECTOR_IDS if not isinstance(words.get(s), str) or not words[s]]
    if missing:
        out.append(doc.problem((*loc, "language"), f"{name}: no sentence for {', '.join(missing)}"))
    plain = item.get(plain_key)
    given = [(s, words[s]) for s in SECTOR_IDS if s not in missing]
    for k, (sector, sentence) in enumerate(given):
        where = (*loc, "language", sector)
        if isinstance(plain, str) and _norm(sentence) == _norm(plain):
            out.append(
                doc.problem(
                    where,
                    f"{name}: repeats the {plain_key} word for word; say what it means to "
                    "this sector in its own terms",
                )
            )
            continue
        for other, earlier in given[:k]:
            if _norm(sentence) == _norm(earlier):
                out.append(doc.problem(where, f"{name}: the same sentence as {other}'s"))
                break
            alike = _alike(sentence, earlier)
            if alike > ALIKE:
                out.append(
                    doc.problem(
                        where,
                        f"{name}: reads like {other}'s with a few words changed "
                        f"({alike:.0%} of the words alike); write it in this sector's own terms",
                    )
                )
                break
    return out


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def _alike(a: str, b: str) -> float:
    """How alike two sentences are, word by word, once sector names are taken out.

    >>> round(_alike("The council sees fewer arrears.", "The NHS sees fewer arrears."), 2)
    1.0
    >>> _alike("Residents in work.", "Fewer GP visits.") < 0.5
    True
    """
    words_a = _SECTOR_NAMES.sub(" ", _norm(a)).split()
    words_b = _SECTOR_NAMES.sub(" ", _norm(b)).split()
    return difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()
