"""Pure, vectorised building blocks of the resident rules.

Nothing here holds state: each function takes whole columns and returns whole columns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy.optimize import brentq

__all__ = [
    "MAX_AGE",
    "box_muller",
    "count_by",
    "equivalence_scale",
    "flip",
    "golden_serials",
    "household_sums",
    "keyed_uniform",
    "life_expectancy",
    "median",
    "settle",
    "sigmoid",
    "slope_index",
    "smallest",
    "solve_intercept",
    "solve_monotone",
    "top_k_by_weight",
]

FloatArray = npt.NDArray[np.floating[Any]]
BoolArray = npt.NDArray[np.bool_]
AnyFloat = npt.NDArray[np.floating[Any]]

MAX_AGE = 100
"""Life tables run to this age; everyone older is treated as this age."""


def sigmoid(x: npt.ArrayLike, *, in_place: bool = False) -> FloatArray:
    """The logistic function, in single precision for single-precision input (the yearly
    rules), else in double.

    With ``in_place`` a single-precision ``x`` is overwritten with the result: no temporary
    arrays, which makes it three times as fast on the few hundred thousand chances a rule
    works out at once.

    >>> sigmoid([0.0, 100.0, -100.0]).round(6).tolist()
    [0.5, 1.0, 0.0]
    >>> x = np.zeros(2, dtype=np.float32)
    >>> sigmoid(x, in_place=True) is x, x.tolist()
    (True, [0.5, 0.5])
    """
    a = np.asarray(x)
    if a.dtype != np.float32:
        a = a.astype(float)  # always a copy
    elif not in_place:
        a = a.copy()
    limit = a.dtype.type(40.0)
    np.maximum(a, -limit, out=a)  # np.clip, without its Python wrapper's overhead
    np.minimum(a, limit, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    a += 1.0
    np.reciprocal(a, out=a)
    out: FloatArray = a
    return out


def flip(state: BoolArray, chance: FloatArray, turnover: float, u: AnyFloat) -> BoolArray:
    """One year of a two-state process whose long-run share is ``chance``.

    Those in the state leave it with probability ``turnover * (1 - chance)``, those out of it
    enter with ``turnover * chance``; so ``chance`` is each resident's stationary probability
    and ``turnover`` sets how fast the town moves to a new equilibrium (about ``1/turnover``
    years) when pressure changes ``chance``.

    >>> u = np.array([0.05, 0.5, 0.05, 0.5])
    >>> flip(np.array([True, True, False, False]), np.full(4, 0.8), 0.5, u).tolist()
    [False, True, True, False]
    """
    return np.where(state, u >= turnover * (1.0 - chance), u < turnover * chance)


def settle(
    state: BoolArray, chance: FloatArray, turnover: float, u: AnyFloat, fresh: BoolArray
) -> BoolArray:
    """:func:`flip` for most residents; a fresh draw from ``chance`` for the ``fresh`` ones.

    Residents who have just become eligible (turned sixteen) have no history in the state, so
    they start from its stationary chance instead of from "no".
    """
    stay = 1.0 - chance  # flip's arithmetic, with fewer temporaries
    stay *= turnover
    # np.where(state, u >= stay, u < enter), without np.where's branch on every element
    out: BoolArray = u < chance * turnover
    out ^= state & ((u >= stay) ^ out)
    first = np.flatnonzero(fresh)  # few: by position
    out[first] = u[first] < chance[first]
    return out


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def golden_serials(serials: npt.NDArray[np.int64]) -> npt.NDArray[np.uint64]:
    """The first step of :func:`keyed_uniform`, the serial numbers times the golden ratio
    (wrapping), which does not depend on the key: worked out once for residents who draw with
    several keys (the year's behaviours, health's pairs of draws). The serials are read as
    unsigned (a view: the same bits ``astype`` would give, without copying them first)."""
    z: npt.NDArray[np.uint64] = np.multiply(serials.view(np.uint64), _GOLDEN)
    return z


def keyed_uniform(
    serials: npt.NDArray[np.int64],
    key: int,
    *,
    golden: npt.NDArray[np.uint64] | None = None,
    out: npt.NDArray[np.float32] | None = None,
) -> npt.NDArray[np.float32]:
    """A uniform number in [0, 1) for each resident, a function of their serial number and
    ``key`` alone (SplitMix64's finaliser, Steele, Lea and Flood 2014, of serial x the golden
    ratio + key; the top 24 bits, as single-precision draws have): a resident draws the same
    number under any plan, whoever else lives in the town or in which position. Two towns that
    share a key (a plan and doing nothing in one year) then differ by what their residents'
    states and chances make of the same numbers, not by which number fell to whom.

    ``golden`` is :func:`golden_serials` of ``serials``, if the caller has it; ``out`` a
    float32 array to write the draws into. The shifts go through one scratch array; the
    finaliser's last step (``z ^= z >> 31``) is left out, because it changes only bits below
    the top 33 (bit ``i`` of ``z >> 31`` is bit ``i + 31`` of ``z``, nothing for ``i >= 33``)
    and only the top 24 are kept; and those are converted to float as a signed integer
    (faster than from unsigned, and exact either way: below 2**24). The same numbers, bit for
    bit, in fewer passes.

    >>> u = keyed_uniform(np.arange(100_000), 12345)
    >>> bool(abs(u.mean() - 0.5) < 0.005), u.dtype, bool(u.min() >= 0.0 and u.max() < 1.0)
    (True, dtype('float32'), True)
    >>> bool(keyed_uniform(np.array([7, 3]), 1)[1] == keyed_uniform(np.array([3]), 1)[0])
    True
    >>> s = np.arange(10); g = golden_serials(s)
    >>> bool(np.array_equal(keyed_uniform(s, 9), keyed_uniform(s, 9, golden=g)))
    True
    """
    step = np.uint64(key & 0xFFFFFFFFFFFFFFFF)
    if golden is None:
        z = golden_serials(serials)
        z += step
    else:
        z = golden + step
    scratch = np.empty_like(z)
    for shift, mix in ((30, _MIX1), (27, _MIX2)):
        np.right_shift(z, np.uint64(shift), out=scratch)
        z ^= scratch
        z *= mix
    z >>= np.uint64(40)  # the top 24 bits, as z ^= z >> 31 would leave them
    if out is None:
        out = np.empty(z.shape, dtype=np.float32)
    # Scaled in double precision and stored in single: exact either way (24 bits), one pass
    np.multiply(z.view(np.int64), np.float32(2.0**-24), out=out, casting="unsafe")
    return out


def box_muller(u: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Standard normal draws in single precision, in pairs, from uniform draws of shape (2, n)
    by the Box-Muller transform (the yearly health noise, from draws tied to residents:
    :meth:`model.town.model.TownModel.by_resident`). The uniforms' resolution (2**-24) cuts
    the tails at 5.8 standard deviations, far beyond anything noise on a 0-1 health scale can
    show.

    >>> u = np.random.default_rng(0).random((2, 100_000), dtype=np.float32)
    >>> z = box_muller(u)
    >>> bool(abs(z.mean()) < 0.01 and abs(z.std() - 1.0) < 0.01), z.dtype
    (True, dtype('float32'))
    """
    if u.shape[0] != 2:
        raise ValueError("normal draws come in pairs: shape must be (2, n)")
    radius = np.sqrt(np.float32(-2.0) * np.log1p(-u[0]))  # 1 - u is in (0, 1]: log is finite
    angle = np.float32(2.0 * np.pi) * u[1]
    out = np.empty(u.shape, dtype=np.float32)
    np.multiply(radius, np.cos(angle), out=out[0])
    np.multiply(radius, np.sin(angle), out=out[1])
    return out


_BRACKET_SAMPLE = 512
"""Values :func:`median` samples to bracket the middle of a large array (see there)."""


def median(values: FloatArray) -> float:
    """The median of a one-dimensional array without NaN: exactly ``np.median``, faster.

    ``np.median`` partitions at the two middle positions, and numpy's partition at more than
    one position falls back to a generic selection that is some twenty times slower, at a
    million values, than its vectorised selection at one. So: partition at the upper middle,
    then the lower middle is the largest value below it.

    A town's year takes four medians of tens of thousands of incomes and pays, and even one
    partition of them all costs more than a few passes over them. So a large array's middle is
    first bracketed between two values of a sorted sample of every k-th value (about 8% of the
    order either side of the middle: some seven standard errors of a sample of 512), and only
    the values inside the bracket are sorted, and read at the rank the middle has among them
    (those below the bracket counted). Sorted, not partitioned: a town's incomes have their
    median in a block of thousands of equal ones (the state pension), and numpy's partition
    of a few thousand values, most of them equal, takes ten times as long as their sort. The
    middle values are the same elements, so the median is the same to the last bit; should the
    middle fall outside the bracket (a sample unlike the array), the whole array is
    partitioned as before.

    >>> x = np.array([5.0, 1.0, 4.0, 2.0], dtype=np.float32)
    >>> median(x) == float(np.median(x)), median(x[:3]) == float(np.median(x[:3]))
    (True, True)
    >>> y = np.random.default_rng(0).random(20_001).astype(np.float32)
    >>> median(y) == float(np.median(y)), median(y[1:]) == float(np.median(y[1:]))
    (True, True)
    """
    n = values.size
    if n == 0:
        return float("nan")
    half = n // 2
    lowest = half - 1 if n % 2 == 0 else half  # the lowest rank the median reads
    if n >= 16 * _BRACKET_SAMPLE:
        sample = np.sort(values[:: n // _BRACKET_SAMPLE])
        margin = max(1, round(0.08 * sample.size))
        at = round(half / n * (sample.size - 1))
        lo = sample[max(at - margin, 0)]
        hi = sample[min(at + margin, sample.size - 1)]
        inside = values >= lo
        below = n - int(np.count_nonzero(inside))
        inside &= values <= hi
        within = np.compress(inside, values)
        if below <= lowest and half < below + within.size:
            return _middle(np.sort(within), half - below, n % 2 == 1, values.dtype)
    return _middle(np.partition(values, half), half, n % 2 == 1, values.dtype)


def _middle(part: FloatArray, j: int, odd: bool, dtype: Any) -> float:
    """The median from values partitioned (or sorted) at ``j``, the upper middle's rank."""
    if odd:
        return float(part[j])
    # The mean of the two middle values in the array's own precision, as np.median takes it
    middle = np.array([part[:j].max(), part[j]], dtype=dtype)
    return float(middle.mean())


def solve_intercept(logit: FloatArray, target: float, weights: FloatArray | None = None) -> float:
    """The constant ``a`` with ``mean(sigmoid(logit + a)) == target`` (Newton's method).

    Newton's steps need double precision to settle (to a share within 1e-10). Each works out
    ``sigmoid(logit + a)`` as ``1 / (1 + exp(-logit) * exp(-a))``: the exponentials of the
    logits are taken once, so a step is a product, a sum and a reciprocal in one buffer.

    >>> round(solve_intercept(np.zeros(4), 0.8), 6) == round(float(np.log(4.0)), 6)
    True
    >>> x = np.random.default_rng(0).normal(0.0, 2.0, 50_000)
    >>> a = solve_intercept(x, 0.3)
    >>> abs(float(sigmoid(x + a).mean()) - 0.3) < 1e-10
    True
    """
    if not 0.0 < target < 1.0:
        raise ValueError(f"a share must be strictly between 0 and 1, got {target}")
    if logit.size == 0:
        raise ValueError("no residents to calibrate on")
    x = np.asarray(logit, dtype=float)
    w = None if weights is None else np.asarray(weights, dtype=float)
    total = float(x.size) if w is None else float(w.sum())
    mean = float(x.mean()) if w is None else float(np.einsum("i,i->", w, x)) / total
    a = float(np.log(target / (1.0 - target))) - mean
    odds = np.clip(x, -700.0, 700.0)  # exp(-odds) stays finite
    np.negative(odds, out=odds)
    np.exp(odds, out=odds)
    p = np.empty_like(odds)
    with np.errstate(over="ignore"):  # odds * exp(-a) may pass the largest double: p is 0
        for _ in range(50):
            np.multiply(odds, np.exp(-a), out=p)
            p += 1.0
            np.reciprocal(p, out=p)
            # einsum, not a dot product: BLAS would wake a second thread (docs/model.md)
            if w is None:
                share = float(p.sum())
                spread = share - float(np.einsum("i,i->", p, p))
            else:
                share = float(np.einsum("i,i->", w, p))
                spread = share - float(np.einsum("i,i,i->", w, p, p))
            err = share / total - target
            if abs(err) < 1e-10:
                break
            a -= err / max(spread / total, 1e-9)
    return a


class _Found(Exception):  # noqa: N818 (a signal to stop, not an error)
    """Raised inside a solve as soon as ``f`` is close enough: it carries the ``x``."""

    def __init__(self, x: float) -> None:
        super().__init__(x)
        self.x = x


def solve_monotone(
    f: Callable[[float], float],
    target: float,
    lo: float,
    hi: float,
    tol: float,
    start: float | None = None,
    step: float | None = None,
    slope: float | None = None,
    through: tuple[float, float] | None = None,
) -> float:
    """An ``x`` in ``[lo, hi]`` where the monotone ``f(x)`` is within ``tol`` of ``target``.

    Brent's method (:func:`scipy.optimize.brentq`) in a bracket, stopped as soon as ``f`` is
    within ``tol`` of ``target``: the tolerance is on ``f``'s value (an indicator), not on
    ``x``. The bracket is ``[lo, hi]`` or, given a ``start`` (an earlier round's answer), one
    found by secant steps out from it (the first of ``step``, by default a fiftieth of the
    range; or, given an estimate of ``f``'s ``slope`` there, the Newton step it implies; or,
    given a point ``(x, f(x))`` that ``f``, or a function much like it, went ``through`` away
    from the start, the secant through that point and the start, where it slopes the way
    ``f`` does), widened only as far as needed: a start that is already close costs a call or
    two of ``f``.
    Where ``target`` is out of ``f``'s reach the answer is the bound where ``f``
    comes nearest. ``f`` may set state as it goes: its last call is at the ``x`` returned.

    >>> round(solve_monotone(lambda x: x**3, 8.0, 0.0, 10.0, 1e-9), 6)
    2.0
    >>> calls = []
    >>> x = solve_monotone(lambda x: calls.append(x) or 2.0 * x, 3.0, 0.0, 10.0, 0.01, start=1.4)
    >>> round(x, 4), len(calls)  # the start, one step from it, then the secant's root
    (1.5, 3)
    >>> calls = []
    >>> twice = lambda x: calls.append(x) or 2.0 * x
    >>> x = solve_monotone(twice, 3.0, 0.0, 10.0, 0.01, start=1.0, slope=1.6)
    >>> round(x, 4), len(calls)  # the start, the Newton step past the root, then the secant's
    (1.5, 3)
    >>> calls = []
    >>> x = solve_monotone(twice, 3.0, 0.0, 10.0, 0.01, start=1.0, slope=1.6, through=(4.0, 8.0))
    >>> round(x, 4), len(calls)  # the start, then the secant through it and the earlier point
    (1.5, 2)
    >>> solve_monotone(lambda x: -x, 20.0, 0.0, 10.0, 0.1)  # out of reach: the nearer end
    0.0
    >>> solve_monotone(lambda x: -x, 20.0, 0.0, 10.0, 0.1, start=5.0)
    0.0
    """
    if not lo < hi:
        raise ValueError(f"an empty range: [{lo}, {hi}]")
    values: dict[float, float] = {}
    last = [float("nan")]
    # brentq wraps g in a function that refers to itself, a reference cycle that lives until
    # the garbage collector next runs: reaching f only through this list, emptied at the end,
    # the cycle holds none of the (large) arrays f's closure may hold
    calls = [f]

    def g(x: float) -> float:
        x = float(x)
        if x not in values:
            values[x] = calls[0](x) - target
            last[0] = x
        if abs(values[x]) <= tol:
            raise _Found(x)
        return values[x]

    try:
        a, b = (
            (lo, hi)
            if start is None
            else _bracket(
                g,
                start,
                lo,
                hi,
                step or (hi - lo) / 50,
                slope,
                None if through is None else (through[0], through[1] - target),
            )
        )
        ga, gb = g(a), g(b)
        if (ga > 0.0) == (gb > 0.0):
            x = a if abs(ga) <= abs(gb) else b  # out of reach: the nearer end
        else:
            x = float(brentq(g, a, b, xtol=1e-7 * (hi - lo), maxiter=200))
    except _Found as found:
        x = found.x
    finally:
        calls.clear()
    if last[0] != x:
        f(x)
    return x


def _bracket(
    g: Callable[[float], float],
    start: float,
    lo: float,
    hi: float,
    step: float,
    slope: float | None = None,
    through: tuple[float, float] | None = None,
) -> tuple[float, float]:
    """Two points around the root of the monotone ``g`` (or the bound beyond which it lies:
    then both points are that bound), stepping out from ``start`` by secant steps; the first
    by ``slope``, or by the secant through the start and the point ``through`` where that
    slopes as ``slope`` does (or, without one, is not flat). Should ``g`` prove flat or not
    monotone here, the bracket is the whole range.

    >>> _bracket(lambda x: (x - 0.5) ** 2 + 1.0, 0.3, 0.0, 1.0, 0.1)  # never reaches zero
    (0.0, 1.0)
    """
    x0 = min(max(start, lo), hi)
    g0 = g(x0)
    x1 = x0 + step if x0 + step <= hi else max(x0 - step, lo)
    if through is not None and through[0] != x0:
        secant = (g0 - through[1]) / (x0 - through[0])
        if secant != 0.0 and (not slope or (secant > 0.0) == (slope > 0.0)):
            slope = secant
    if slope:  # the Newton step from an estimate of g's slope, where it leads anywhere
        newton = min(max(x0 - g0 / slope, lo), hi)
        x1 = newton if newton != x0 else x1
    g1 = g(x1)
    for _ in range(60):
        if (g0 > 0.0) != (g1 > 0.0):
            return min(x0, x1), max(x0, x1)
        if g1 == g0:
            break  # flat here: no direction to go in
        near, g_near, far, g_far = (x1, g1, x0, g0) if abs(g1) < abs(g0) else (x0, g0, x1, g1)
        width = abs(near - far)
        # The secant's root lies beyond ``near``: aim half as far again, to step over it
        to_root = -g_near * (near - far) / (g_near - g_far)
        size = min(max(1.5 * abs(to_root), width), 8.0 * width)
        x_new = min(max(near + np.copysign(size, to_root), lo), hi)
        if x_new == near:
            return near, near  # at a bound, and the root beyond it
        g_new = g(x_new)
        if (g_new > 0.0) == (g_near > 0.0) and abs(g_new) >= abs(g_near):
            break  # further from the root, on the same side: not monotone here
        x0, g0, x1, g1 = near, g_near, x_new, g_new
    return lo, hi


def top_k_by_weight(weight: FloatArray, k: int, rng: np.random.Generator) -> npt.NDArray[np.intp]:
    """Positions of ``k`` items drawn without replacement with chances proportional to weight.

    Exact counts let a generated town hit its description's shares exactly (Efraimidis and
    Spirakis 2006: keep the ``k`` largest ``u ** (1 / w)``).
    """
    if k <= 0:
        return np.zeros(0, dtype=np.intp)
    if k >= weight.size:
        return np.arange(weight.size)
    keys = rng.random(weight.size)
    np.log(keys, out=keys)
    keys /= np.maximum(weight, 1e-12)
    np.negative(keys, out=keys)  # the largest keys first
    return np.argpartition(keys, k - 1)[:k]


def smallest(x: FloatArray, k: int) -> npt.NDArray[np.intp]:
    """Positions of the ``k`` smallest values of ``x`` (``0 < k < x.size``), in no particular
    order: the positions ``np.argpartition(x, k - 1)[:k]`` holds, found in a fraction of the
    time (numpy's indirect partition of a few ten thousand doubles takes longer than some
    twenty passes over them: two of a year's choices of households make one each).

    The ``k``-th smallest value is first bracketed from above by a value of a sorted sample
    of every n-th one, a few standard errors beyond where it should lie, and only the values
    at most that are partitioned. Where the ``k``-th smallest value is not tied with another
    the ``k`` smallest are one set, which this finds; where it is, or the bracket falls short,
    the answer is numpy's own, from the whole array.

    >>> x = np.random.default_rng(0).random(20_000)
    >>> bool(np.array_equal(np.sort(smallest(x, 50)), np.sort(np.argpartition(x, 49)[:50])))
    True
    """
    n = x.size
    if n >= 16 * _BRACKET_SAMPLE:
        sample = np.sort(x[:: n // _BRACKET_SAMPLE])
        share = k / n
        expected = share * sample.size
        at = int(expected + 4.0 * np.sqrt(expected * (1.0 - share)) + 4.0)
        if at < sample.size:
            within = np.flatnonzero(x <= sample[at])
            if within.size >= k:
                values = x.take(within)
                part = np.argpartition(values, k - 1)[:k]
                if np.count_nonzero(values <= values[part[k - 1]]) == k:  # the k-th untied
                    out: npt.NDArray[np.intp] = within.take(part)
                    return out
    return np.argpartition(x, k - 1)[:k]


def top_by_weight_until(
    weight: FloatArray, size: npt.NDArray[Any], wanted: int, guess: int, rng: np.random.Generator
) -> npt.NDArray[np.intp]:
    """Items drawn without replacement with chances proportional to ``weight`` (as
    :func:`top_k_by_weight`), in the order drawn, until their ``size`` adds up to ``wanted``:
    households picked by weight until they bring the people wanted, whatever their sizes.
    ``guess`` (how many items that should take) bounds the work: at most twice as many are
    ordered.

    >>> rng = np.random.default_rng(1)
    >>> picked = top_by_weight_until(np.ones(10), np.full(10, 3), 7, 3, rng)
    >>> len(picked), sorted(set(picked.tolist())) == sorted(picked.tolist())
    (3, True)
    """
    keys = rng.random(weight.size)  # first: one draw a call, whatever is wanted
    if wanted <= 0 or weight.size == 0:
        return np.zeros(0, dtype=np.intp)
    np.log(keys, out=keys)
    keys /= np.maximum(weight, 1e-12)
    np.negative(keys, out=keys)  # the largest keys first
    k = min(weight.size, 2 * max(guess, 1) + 8)
    if k < weight.size:
        # The k largest keys in order: distinct keys, as random draws' are, have one order,
        # which any sort finds (numpy's default, vectorised, is the fastest); tied ones keep
        # the order numpy's own partition left them in, as they always did
        first = smallest(keys, k)
        ordered = first[np.argsort(keys[first])]
        sorted_keys = keys[ordered]
        if np.any(sorted_keys[1:] == sorted_keys[:-1]):
            first = np.argpartition(keys, k - 1)[:k]
            ordered = first[np.argsort(keys[first], kind="stable")]
        first = ordered
    else:
        first = np.arange(weight.size)
        first = first[np.argsort(keys[first], kind="stable")]
    enough = int(np.searchsorted(np.cumsum(size[first]), wanted)) + 1
    out: npt.NDArray[np.intp] = first[:enough]
    return out


def count_by(ids: npt.NDArray[np.integer[Any]], mask: BoolArray, size: int) -> npt.NDArray[np.intp]:
    """How many of those in ``mask`` have each id (0 to ``size - 1``).

    The same counts as ``np.bincount(ids, weights=mask)``, as integers and in a fraction of
    the time: numpy turns boolean weights into a temporary array of doubles. (``np.compress``
    rather than ``ids[mask]``: numpy's boolean indexing branches on every element, and on an
    irregular mask is several times slower.)

    >>> count_by(np.array([0, 2, 2, 1]), np.array([True, True, True, False]), 4).tolist()
    [1, 0, 2, 0]
    """
    return np.bincount(np.compress(mask, ids), minlength=size)


def equivalence_scale(adults: npt.NDArray[Any], children: npt.NDArray[Any]) -> FloatArray:
    """Each household's equivalence scale from its adults (16 and over) and children: 1 for the
    first adult, 0.5 for each other, 0.3 for each child (the modified OECD scale, with a
    household of no adults counted as one of one).

    >>> equivalence_scale(np.array([2, 1, 0]), np.array([2, 0, 1])).tolist()
    [2.1, 1.0, 1.3]
    """
    scale: FloatArray = 0.5 * np.maximum(adults - 1, 0)
    scale += 1.0
    scale += 0.3 * children
    return scale


def household_sums(hh: npt.NDArray[np.integer[Any]], values: FloatArray, size: int) -> FloatArray:
    """Sum of ``values`` over each household id (``size`` = largest id + 1)."""
    out: FloatArray = np.bincount(hh, weights=values, minlength=size).astype(float, copy=False)
    return out


def life_expectancy(q: FloatArray, good: FloatArray | None = None) -> tuple[FloatArray, FloatArray]:
    """Period life expectancy (and healthy life expectancy) at birth from death rates by age.

    ``q[..., x]`` is the chance of dying between ages ``x`` and ``x + 1`` for ``x = 0..MAX_AGE``
    (everyone still alive at ``MAX_AGE`` is assumed to live half a year more). ``good`` is the
    share in good health at each age; healthy life expectancy uses Sullivan's method.

    >>> le, _ = life_expectancy(np.r_[np.zeros(10), np.ones(MAX_AGE - 9)])
    >>> float(le)  # nobody dies before 10, everyone during their 11th year
    10.5
    """
    survive = np.cumprod(1.0 - np.clip(q, 0.0, 1.0), axis=-1)
    alive = np.concatenate([np.ones((*q.shape[:-1], 1)), survive], axis=-1)  # l(0..MAX+1)
    person_years = 0.5 * (alive[..., :-1] + alive[..., 1:])
    le = person_years.sum(axis=-1)
    hle = (person_years * good).sum(axis=-1) if good is not None else np.full_like(le, np.nan)
    return le, hle


def slope_index(values: FloatArray, population: FloatArray, deprivation: FloatArray) -> float:
    """Slope index of inequality: the modelled gap between the least and most deprived ends.

    Areas are ranked from most to least deprived; each gets the midpoint of its cumulative
    population share; the population-weighted regression of ``values`` on that rank has a slope
    that is the gap across the whole range (as OHID computes it for life expectancy).

    >>> slope_index(np.array([70.0, 80.0]), np.array([1.0, 1.0]), np.array([0.9, 0.1]))
    20.0
    """
    order = np.argsort(-deprivation, kind="stable")
    pop = population[order]
    share = pop / pop.sum()
    rank = np.cumsum(share) - share / 2.0
    y = values[order]
    mean_rank = float(np.sum(share * rank))
    mean_y = float(np.sum(share * y))
    var = float(np.sum(share * (rank - mean_rank) ** 2))
    if var <= 0:
        return 0.0
    return float(np.sum(share * (rank - mean_rank) * (y - mean_y)) / var)
