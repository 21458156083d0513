"""Read a scenario YAML file safely, remembering the line of every key and item.

Scenario files are edited by hand and may come from anyone, so reading one is defensive:

* a size limit before anything is parsed;
* the document is first *composed* (``yaml.compose`` with the safe loader) to count its nodes
  with aliases expanded, which stops "billion laughs" alias bombs before they are built, to
  find duplicate keys (which ``safe_load`` would silently collapse), and to record the line of
  every path so that each problem can be reported as ``file:line path: message``;
* only then is the data built, with ``yaml.safe_load`` and nothing else.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from model.errors import Problem, ScenarioError

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "Loc",
    "YamlDocument",
    "format_path",
    "parse_yaml",
    "read_regular_file",
    "read_yaml",
]

MAX_BYTES = 2_000_000
"""Largest scenario file read, in bytes: the biggest shipped file is a few tens of kilobytes."""

MAX_NODES = 200_000
"""Most YAML nodes a document may expand to once aliases are followed (alias-bomb guard)."""

MAX_DEPTH = 60
"""Deepest nesting accepted: real scenario files nest fewer than ten levels."""

Loc = tuple[str | int, ...]


def format_path(loc: Loc) -> str:
    """Write a path inside a document the way a person reads it.

    >>> format_path(("links", 7, "delay"))
    'links[7].delay'
    >>> format_path(())
    ''
    >>> format_path((0, "id"))
    '[0].id'
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(frozen=True)
class YamlDocument:
    """The data of one YAML file together with the line of every path in it."""

    file: str
    data: Any
    lines: Mapping[Loc, int]

    def line_of(self, loc: Loc) -> int | None:
        """Line of ``loc``, or of its nearest ancestor that exists (for a missing key).

        >>> doc = parse_yaml("a:\\n  b: 1\\n  c: [1, 2]\\n", "x.yaml")
        >>> doc.line_of(("a", "c", 1)), doc.line_of(("a", "missing")), doc.line_of(())
        (3, 1, 1)
        """
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None

    def problem(self, loc: Loc, message: str) -> Problem:
        """A problem at ``loc`` in this file, with its line."""
        return Problem(self.file, self.line_of(loc), format_path(loc), message)


def read_yaml(path: Path | str, display_name: str | None = None) -> YamlDocument:
    """Read and parse a YAML file; raise :class:`ScenarioError` if it cannot be used."""
    path = Path(path)
    name = display_name or path.name
    raw = read_regular_file(path, name, MAX_BYTES)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            [Problem(name, None, "", f"not UTF-8 text (bad byte at offset {exc.start})")]
        ) from None
    return parse_yaml(text, name)


def read_regular_file(path: Path, name: str, limit: int) -> bytes:
    """The bytes of an ordinary file of at most ``limit`` bytes, or a :class:`ScenarioError`.

    A path may name a device, a FIFO or a folder: ``/dev/zero`` reports size 0 and never ends,
    a FIFO blocks ``open`` until a writer comes. So the path is checked before it is opened,
    opened without blocking (``O_NONBLOCK``: a FIFO opens at once instead of waiting), checked
    again on the open file (the path may have been swapped in between), and at most
    ``limit + 1`` bytes are read, whatever the size said.
    """

    def refuse(message: str) -> ScenarioError:
        return ScenarioError([Problem(name, None, "", message)])

    not_regular = "not a regular file (a device, a pipe or a folder), so it is not read"
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise refuse(not_regular)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise refuse(f"cannot read file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise refuse(not_regular)
        if info.st_size > limit:
            raise refuse(f"file is {info.st_size:,} bytes; the limit is {limit:,}")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise refuse(f"cannot read file: {exc.strerror}") from None
    finally:
        os.close(fd)
    if size > limit:
        raise refuse(f"file grew past the limit of {limit:,} bytes while it was read")
    return b"".join(chunks)


def parse_yaml(text: str, file: str) -> YamlDocument:
    """Parse YAML text; raise :class:`ScenarioError` naming every structural problem.

    >>> parse_yaml("a: 1\\nb: [x, y]\\n", "t.yaml").data
    {'a': 1, 'b': ['x', 'y']}
    >>> parse_yaml("a: 1\\na: 2\\n", "t.yaml")
    Traceback (most recent call last):
    ...
    model.errors.ScenarioError: 1 problem found:
      t.yaml:2 a: duplicate key (first at line 1)
    """
    if len(text) > MAX_BYTES:
        raise ScenarioError([Problem(file, None, "", f"text is longer than {MAX_BYTES:,} bytes")])
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        if "another document" in what:
            what = "a scenario file holds one document, but '---' starts another here"
        raise ScenarioError([Problem(file, line, "", f"not valid YAML: {what}")]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(file, None, "", f"not valid YAML: {exc}")]) from None
    except RecursionError:
        raise ScenarioError([Problem(file, None, "", "nested too deeply")]) from None
    if root is None:
        raise ScenarioError([Problem(file, None, "", "file is empty")])

    walker = _Walker(file)
    walker.walk(root, ())
    if walker.problems:
        raise ScenarioError(walker.problems)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:  # composing succeeded, so this is a constructor problem
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError([Problem(file, line, "", f"cannot read value: {problem}")]) from None
    return YamlDocument(file=file, data=data, lines=walker.lines)


class _Walker:
    """Visit composed nodes, following aliases, with node and depth budgets."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self.count = 0
        self.stopped = False

    def walk(self, node: yaml.Node, loc: Loc) -> None:
        if self.stopped:
            return
        self.count += 1
        line = node.start_mark.line + 1
        if self.count > MAX_NODES:
            self._stop(line, f"expands to more than {MAX_NODES:,} values (an alias bomb?)")
            return
        if len(loc) > MAX_DEPTH:
            self._stop(line, f"nested more than {MAX_DEPTH} levels deep")
            return
        self.lines.setdefault(loc, line)
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                key: Any = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
                key_line = key_node.start_mark.line + 1
                if key in seen and key != "<<":
                    self.problems.append(
                        Problem(
                            self.file,
                            key_line,
                            format_path((*loc, key)),
                            f"duplicate key (first at line {seen[key]})",
                        )
                    )
                seen.setdefault(key, key_line)
                self.lines.setdefault((*loc, key), key_line)
                self.walk(value_node, (*loc, key))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, (*loc, index))

    def _stop(self, line: int, message: str) -> None:
        self.stopped = True
        self.problems.append(Problem(self.file, line, "", message))
