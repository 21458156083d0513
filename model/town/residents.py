"""Residents as columns: one numpy array per attribute, one element per person.

A town of a million people is stepped in well under a second because every rule works on
whole columns at once (tens of nanoseconds per resident) instead of on a Python object per
person (microseconds). Compact dtypes keep a million residents in about 40 MB.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, get_args, get_type_hints

import numpy as np
import numpy.typing as npt

__all__ = ["COLUMNS", "Residents"]


@dataclass
class Residents:
    """The town's people, column by column. Owned and changed only by the town model.

    The fields are the one list of columns: :data:`COLUMNS` (each column's dtype) is read from
    their types."""

    age: npt.NDArray[np.int16]
    female: npt.NDArray[np.bool_]
    minority: npt.NDArray[np.bool_]  # of an ethnic minority
    neigh: npt.NDArray[np.int16]  # index of the neighbourhood
    hh: npt.NDArray[np.int32]  # household id
    edu: npt.NDArray[np.int8]  # highest qualification: 0 Level 1 or none, 1 Levels 2-3, 2 degree
    active: npt.NDArray[np.bool_]  # economically active (in work or looking)
    employed: npt.NDArray[np.bool_]
    employer: npt.NDArray[np.int32]  # index of the employer, -1 if none
    wage_luck: npt.NDArray[np.float32]  # earning power: pay, benefits (TownModel.earning_power)
    part_time: npt.NDArray[np.bool_]
    phys: npt.NDArray[np.float32]  # physical health, 0 (worst) to 1 (best)
    ment: npt.NDArray[np.float32]  # mental health, 0 to 1
    smoker: npt.NDArray[np.bool_]
    active_pa: npt.NDArray[np.bool_]  # physically active (150 minutes a week)
    overweight: npt.NDArray[np.bool_]
    volunteer: npt.NDArray[np.bool_]
    voter: npt.NDArray[np.bool_]
    belongs: npt.NDArray[np.bool_]
    lonely: npt.NDArray[np.bool_]
    active_travel: npt.NDArray[np.bool_]
    nature: npt.NDArray[np.bool_]  # spends time in nature every week
    early_ok: npt.NDArray[np.bool_]  # reached the expected level at five
    gcse_ok: npt.NDArray[np.bool_]  # passed GCSE English and maths
    disadvantaged: npt.NDArray[np.bool_]  # in a low-income home in a year from 10 to 15
    gcse_chance: npt.NDArray[np.float32]  # the chance of passing they had at 16
    low_income: npt.NDArray[np.bool_]  # household below the low-income line last year
    home_eff: npt.NDArray[np.float32]  # home energy efficiency, 0 to 1 (shared by a household)
    serial: npt.NDArray[np.int64]  # the resident's number for life: draws tied to residents

    @classmethod
    def empty(cls, n: int) -> Residents:
        """``n`` residents with every attribute zero (``employer`` -1). The dtypes are
        :data:`COLUMNS`, read from the fields' types once (reading them costs a few ms: the
        newborns of every simulated year are made here)."""
        cols = {name: np.zeros(n, dtype=dtype) for name, dtype in COLUMNS.items()}
        cols["employer"][:] = -1
        return cls(**cols)

    def __len__(self) -> int:
        return int(self.age.shape[0])

    def columns(self) -> dict[str, npt.NDArray[Any]]:
        """The columns by name (the arrays themselves, not copies)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def take(self, index: npt.NDArray[Any]) -> Residents:
        """The residents at ``index`` (a boolean mask or positions), as new arrays.

        >>> r = Residents.empty(4); r.age[:] = [10, 20, 30, 40]
        >>> r.take(r.age > 15).age.tolist()
        [20, 30, 40]
        """
        if index.dtype == np.bool_:
            index = np.flatnonzero(index)  # one pass over the mask, not one per column
        return Residents(**{k: v[index] for k, v in self.columns().items()})

    def extend(self, *others: Residents) -> Residents:
        """These residents followed by the ``others``', as new arrays (one copy however many)."""
        return Residents(
            **{
                k: np.concatenate([v, *(getattr(o, k) for o in others)])
                for k, v in self.columns().items()
            }
        )

    def nbytes(self) -> int:
        """Memory held by the columns, in bytes."""
        return sum(v.nbytes for v in self.columns().values())


def _dtypes() -> dict[str, Any]:
    """Each column's dtype, from the type of its field (``npt.NDArray[np.int16]``: int16)."""
    hints = get_type_hints(Residents)
    return {f.name: get_args(get_args(hints[f.name])[1])[0] for f in fields(Residents)}


COLUMNS: dict[str, Any] = _dtypes()
"""Every resident attribute and its dtype."""
