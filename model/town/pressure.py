"""This year's ripple pressure on a town's residents, as the resident rules read it.

Pressure arrives per neighbourhood and node (points), and some of it is aimed at groups of
residents (older people, low-income homes...). The rules ask for it per resident ("levers"), so
who is in each group is worked out once a year and shared by every rule: a group is the same
people all year, though the rules change the columns as the year goes on.

A :class:`Pressure` holds the pressure and the residents it applies to, and nothing of the town
beyond them: the town model makes a new one whenever the pressure or the residents change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from model.town.residents import Residents
from model.town.rules import count_by

__all__ = ["GROUPS", "Pressure"]

FloatArray = npt.NDArray[np.floating[Any]]
BoolArray = npt.NDArray[np.bool_]
Selection = npt.NDArray[np.intp] | None
"""Positions of the residents a rule is evaluated for (None: everyone)."""

GROUPS: dict[str, Callable[[Residents, float], BoolArray]] = {
    "low_income": lambda r, _: r.low_income,  # last year's: pressure cannot move its own aim
    "children": lambda r, _: r.age < 16,
    "young_people": lambda r, _: (r.age >= 16) & (r.age <= 24),
    "older_people": lambda r, _: r.age >= 65,
    "minority": lambda r, _: r.minority,
    "women": lambda r, _: r.female,
    "poor_health": lambda r, line: r.phys < line,
    "out_of_work": lambda r, _: (r.age >= 16) & (r.age <= 64) & ~r.employed,
}
"""The groups interventions and events can aim at, and who is in each (given the line below
which health counts as poor)."""


class Pressure:
    """Pressure on a town's nodes for a year: per neighbourhood, and aimed at groups."""

    def __init__(
        self,
        node_index: Mapping[str, int],
        place: FloatArray,
        groups: Mapping[str, FloatArray],
        residents: Residents,
        poor_health_line: float,
    ) -> None:
        """``place`` and each of ``groups`` are (neighbourhoods x nodes), in points."""
        self.node_index = node_index
        self.matrix = place
        self.groups = dict(groups)
        self.residents = residents
        self.poor_health_line = poor_health_line
        self._members: dict[str, BoolArray] = {}
        self._headcounts: npt.NDArray[np.intp] | None = None
        # Which groups are aimed at, node by node, and which nodes are pressed at all: worked
        # out once, because the rules ask about most nodes several times a year
        self._aimed_at: dict[int, tuple[str, ...]] = {}
        for group, pressure in self.groups.items():
            for k in np.flatnonzero(np.any(pressure, axis=0)):
                self._aimed_at[int(k)] = (*self._aimed_at.get(int(k), ()), group)
        self._pressed = frozenset(int(k) for k in np.flatnonzero(np.any(place, axis=0)))

    @classmethod
    def none(
        cls, node_index: Mapping[str, int], n_neigh: int, residents: Residents, line: float
    ) -> Pressure:
        """No pressure on anything."""
        return cls(node_index, np.zeros((n_neigh, len(node_index))), {}, residents, line)

    def on(self, residents: Residents) -> Pressure:
        """The same pressure on other residents (the town after this year's births, deaths and
        moves): its groups are worked out afresh."""
        return Pressure(self.node_index, self.matrix, self.groups, residents, self.poor_health_line)

    @property
    def n_neigh(self) -> int:
        return int(self.matrix.shape[0])

    def place(self, node_id: str) -> FloatArray:
        """The pressure (points) on a node in each neighbourhood.

        Rules add it to their other per-neighbourhood terms (deprivation, services) and look
        the sum up once per resident, instead of spreading each term over the residents."""
        column: FloatArray = self.matrix[:, self.node_index[node_id]]
        return column

    def aimed(self, node_id: str, sel: Selection = None) -> FloatArray | None:
        """Pressure on a node aimed at groups of residents, for each resident (or those in
        ``sel``): points in their neighbourhood if they belong to the group, else nothing. None
        when no group is aimed at, as for most nodes in most years."""
        return self._aimed(self.node_index[node_id], sel, None)

    def lever(self, node_id: str, sel: Selection = None) -> FloatArray:
        """The pressure (points) on a node for each resident (or those in ``sel``): their
        neighbourhood's, plus any aimed at a group they belong to."""
        neigh = self._neigh(sel)  # gathered once for both parts
        out: FloatArray = self.place(node_id).astype(np.float32).take(neigh)
        aimed = self._aimed(self.node_index[node_id], sel, neigh)
        return out if aimed is None else out + aimed

    def _aimed(
        self, k: int, sel: Selection, neigh: npt.NDArray[np.int16] | None
    ) -> FloatArray | None:
        """:meth:`aimed` on node ``k``; ``neigh``: the neighbourhoods of those in ``sel``, if
        the caller has them."""
        aimed = self._aimed_at.get(k)
        if aimed is None:
            return None
        if neigh is None:
            neigh = self._neigh(sel)
        out: FloatArray | None = None
        for group in aimed:
            members = self.members(group)
            term = self.groups[group][:, k].astype(np.float32).take(neigh) * (
                members if sel is None else members.take(sel)
            )
            out = term if out is None else out + term
        return out

    def on_node(self, node_id: str) -> bool:
        """Whether any pressure is on a node, in any neighbourhood or group."""
        k = self.node_index[node_id]
        return k in self._pressed or k in self._aimed_at

    def members(self, group: str) -> BoolArray:
        """Which residents belong to a group: worked out the first time it is asked for, and
        kept (a snapshot: rules change the columns during the year)."""
        known = self._members.get(group)
        if known is not None:
            return known
        if group not in GROUPS:
            raise KeyError(f"unknown group '{group}'")
        mask = GROUPS[group](self.residents, self.poor_health_line).copy()
        self._members[group] = mask
        return mask

    def shares(self, group: str) -> FloatArray:
        """The share of each neighbourhood's residents in a group.

        The plan's pushes ask for several groups' shares a year: the residents of each
        neighbourhood are counted once for them all, and each group's members are counted,
        not summed as weights (numpy turns boolean weights into an array of doubles): the
        same whole numbers, so the same shares to the last bit."""
        neigh = self.residents.neigh
        if self._headcounts is None:
            self._headcounts = np.bincount(neigh, minlength=self.n_neigh)
        total = self._headcounts
        members = count_by(neigh, self.members(group), self.n_neigh)
        return np.where(total > 0, members / np.maximum(total, 1), 0.0)

    def _neigh(self, sel: Selection) -> npt.NDArray[np.int16]:
        neigh = self.residents.neigh
        return neigh if sel is None else neigh.take(sel)
