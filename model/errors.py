"""One error type for every problem found in a scenario file.

Trainers and planners edit YAML by hand, so a bad file must produce one message that names
*every* problem with its file, line and path inside the file (``ripples.yaml:42
links[7].delay: must be >= 0``), never a traceback and never only the first problem.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem", "ScenarioError"]


@dataclass(frozen=True, order=True)
class Problem:
    """A single thing wrong with a scenario file.

    >>> str(Problem("ripples.yaml", 42, "links[7].delay", "must be >= 0"))
    'ripples.yaml:42 links[7].delay: must be >= 0'
    >>> str(Problem("framework.yaml", None, "", "file is empty"))
    'framework.yaml: file is empty'
    """

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where} {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ScenarioError(Exception):
    """Raised when one or more scenario files are invalid; carries every problem found.

    >>> err = ScenarioError([Problem("a.yaml", 3, "x", "bad"), Problem("a.yaml", 1, "y", "worse")])
    >>> print(err)
    2 problems found:
      a.yaml:1 y: worse
      a.yaml:3 x: bad
    """

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("ScenarioError needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems), key=_sort_key))
        super().__init__(self.report())

    def report(self) -> str:
        """All problems, one per line, in file and line order."""
        n = len(self.problems)
        head = "1 problem found:" if n == 1 else f"{n} problems found:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])

    def __str__(self) -> str:
        return self.report()


def _sort_key(p: Problem) -> tuple[str, int, str, str]:
    return (p.file, p.line if p.line is not None else 0, p.path, p.message)
