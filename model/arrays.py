"""Small array helpers shared by the model's modules."""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np

__all__ = ["readonly"]

A = TypeVar("A", bound=np.ndarray[Any, Any])


def readonly(a: A) -> A:
    """Mark an array read-only and return it: model records are immutable all the way down.

    >>> x = readonly(np.zeros(2))
    >>> x[0] = 1.0
    Traceback (most recent call last):
    ...
    ValueError: assignment destination is read-only
    """
    a.setflags(write=False)
    return a
