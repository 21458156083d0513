"""The window's hold on a game's branches: the main game, the branches made from it, which one
is in play, and the weights the facilitator has accepted from a debate for the next branch.

The session keeps one :class:`BranchDesk` per game (``Session.desk``); screens change branches
only through it, and it changes games only through model/branches.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from model.branches import MAX_BRANCHES, Branch, branch_game, play_on
from model.engine import Decisions, Game
from model.errors import Problem, ScenarioError
from model.network import Link
from model.weight_ranges import weight_range

__all__ = ["MAIN", "BranchDesk", "debate_step"]

MAIN = "main"


def debate_step(link: Link, weight: float, steps: int) -> float:
    """A proposed weight moved ``steps`` eighths of the link's range, kept within it."""
    lo, hi = weight_range(link)
    return min(max(weight + steps * (hi - lo) / 8.0, lo), hi)


@dataclass
class BranchDesk:
    """The branches of one game (see the module's docstring)."""

    main: Game
    branches: list[Branch] = field(default_factory=list)
    current: str = MAIN
    accepted: dict[str, float] = field(default_factory=dict)
    """Link (``source->target``) to the weight accepted for the next branch."""

    @property
    def names(self) -> list[str]:
        return [MAIN, *(b.name for b in self.branches)]

    def game(self, name: str) -> Game:
        if name == MAIN:
            return self.main
        return next(b.game for b in self.branches if b.name == name)

    def branch(self, name: str) -> Branch | None:
        return next((b for b in self.branches if b.name == name), None)

    def weights(self, name: str) -> Mapping[str, float]:
        found = self.branch(name)
        return found.weights if found is not None else {}

    def make(self, after_round: int) -> Branch:
        """A new branch of the main game after ``after_round``, holding the accepted weights
        (then cleared), named "branch N"; it is not yet in play (see :meth:`switch`)."""
        if len(self.branches) >= MAX_BRANCHES:
            raise ScenarioError(
                [Problem("branches", None, "", f"a game keeps at most {MAX_BRANCHES} branches")]
            )
        k = len(self.branches) + 1
        while f"branch {k}" in self.names:
            k += 1
        weights = dict(self.accepted)
        made = Branch(
            f"branch {k}", after_round, weights, branch_game(self.main, after_round, weights)
        )
        self.branches.append(made)
        self.accepted.clear()
        return made

    def switch(self, name: str) -> Game:
        if name not in self.names:
            raise KeyError(name)
        self.current = name
        return self.game(name)

    def play(self, game: Game, decisions: Decisions) -> None:
        """Play the next round of ``game``: a branch meets the main game's events."""
        if game is self.main:
            game.submit(decisions)
        else:
            play_on(self.main, game, decisions)
