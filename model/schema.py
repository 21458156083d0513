"""Shared pieces of the typed, frozen scenario schema and its validation glue.

Every scenario file is validated by a pydantic model derived from :class:`Record`: frozen,
unknown keys rejected, no NaN or infinity, and scalar types strict (``"0.3"`` is not a number,
``true`` is not a weight). :func:`validate` turns pydantic's errors into :class:`Problem`
objects that carry the file and line, with messages worded for people who edit YAML by hand.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, ValidationError

from model.errors import Problem, ScenarioError
from model.yamlfile import Loc, YamlDocument

__all__ = [
    "Float",
    "Id",
    "Int",
    "Name",
    "Record",
    "Text",
    "all_field_names",
    "no_control_characters",
    "one_line",
    "validate",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile(r"[\n\t\u2028\u2029]")


def no_control_characters(text: str) -> str:
    """Refuse text with control characters: it is shown in terminals and window titles, where
    an escape sequence (``ESC ]0;...``) would set the title or clear the screen. Tab and
    newline are allowed: a folded YAML paragraph holds them.

    >>> no_control_characters("Brackenbury")
    'Brackenbury'
    >>> no_control_characters("Red\x1b[31m")
    Traceback (most recent call last):
    ...
    ValueError: control characters are not allowed (found '\\x1b' at character 4)
    """
    found = _CONTROL.search(text)
    if found:
        raise ValueError(
            f"control characters are not allowed (found {found.group(0)!r} at character "
            f"{found.start() + 1})"
        )
    return text


def one_line(text: str) -> str:
    """A name is one line: refuse line breaks and tabs as well as other control characters."""
    found = _LINE_BREAK.search(text)
    if found:
        raise ValueError(
            f"control characters are not allowed in a name (found {found.group(0)!r} at "
            f"character {found.start() + 1})"
        )
    return no_control_characters(text)


Id = Annotated[str, Strict(), Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
"""Identifier: lower-case letters, digits and underscores, starting with a letter."""
Text = Annotated[
    str, Strict(), Field(min_length=1, max_length=2000), AfterValidator(no_control_characters)
]
"""Free text (a description, a reason, a citation): no control characters but tab and newline."""
Name = Annotated[str, Strict(), Field(min_length=1, max_length=200), AfterValidator(one_line)]
"""A name shown in titles, tables and the window: one line, no control characters."""
Int = Annotated[int, Strict()]
Float = Annotated[float, Strict()]

M = TypeVar("M", bound=BaseModel)


class Record(BaseModel):
    """Base of every scenario record: immutable, closed to unknown keys, finite numbers."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def all_field_names(model: type[BaseModel]) -> set[str]:
    """Every field name used anywhere in ``model`` and the records it contains."""
    names: set[str] = set()
    stack: list[type[BaseModel]] = [model]
    seen: set[type[BaseModel]] = set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, field in current.model_fields.items():
            names.add(name)
            stack.extend(_models_in(field.annotation))
    return names


def _models_in(annotation: Any) -> Iterable[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(arg)


def validate(model: type[M], doc: YamlDocument, context: dict[str, Any] | None = None) -> M:
    """Validate ``doc.data`` as ``model``; raise :class:`ScenarioError` listing every problem."""
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        known = sorted(all_field_names(model))
        raise ScenarioError([_problem(doc, err, known) for err in exc.errors()]) from None


def _problem(doc: YamlDocument, err: Any, known_keys: list[str]) -> Problem:
    raw_loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
    is_key = bool(raw_loc) and raw_loc[-1] == "[key]"
    loc: Loc = raw_loc[:-1] if is_key else raw_loc
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        others = [k for k in known_keys if k != key]  # allowed elsewhere, not here
        close = difflib.get_close_matches(key, others, n=1, cutoff=0.75)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        message = f"unknown key '{key}'{hint}"
    elif kind == "missing":
        message = "required key is missing"
    elif kind in _BOUNDS:
        symbol, key = _BOUNDS[kind]
        message = f"must be {symbol} {_number(ctx[key])} (got {value!r})"
    elif kind in {"too_short", "too_long"}:
        most = kind == "too_long"
        limit = ctx["max_length" if most else "min_length"]
        item = "item" if limit == 1 else "items"
        got = ctx.get("actual_length")
        message = f"list {'at most' if most else 'at least'} {limit} {item} (got {got})"
    elif kind in {"string_too_short", "string_too_long"}:
        if kind == "string_too_short":
            message = "must not be empty"
        else:
            length = len(value) if isinstance(value, str) else "more"
            message = f"must be at most {ctx['max_length']:,} characters (got {length:,})"
    elif kind == "finite_number":
        message = f"must be a finite number (got {value!r})"
    elif kind in {
        "float_type",
        "int_type",
        "string_type",
        "bool_type",
        "dict_type",
        "list_type",
        "tuple_type",
        "model_type",
        "int_from_float",
    }:
        wanted = {
            "float_type": "a number",
            "int_type": "a whole number",
            "int_from_float": "a whole number",
            "string_type": "text",
            "bool_type": "true or false",
            "dict_type": "a mapping of keys to values",
            "model_type": "a mapping of keys to values",
            "list_type": "a list",
            "tuple_type": "a list",
        }[kind]
        message = f"must be {wanted} (got {_describe(value)})"
    elif kind == "string_pattern_mismatch" and str(ctx.get("pattern", "")).startswith("^E0"):
        message = (
            f"'{value}' is not an English district code: E06, E07, E08 or E09 and six digits "
            "(e.g. E07000062; find one with: thrive places NAME)"
        )
    elif kind == "string_pattern_mismatch" and str(ctx.get("pattern", "")).startswith("^#"):
        message = f"'{value}' is not a colour: write it as #rrggbb (e.g. #1a9850)"
    elif kind == "string_pattern_mismatch":
        message = (
            f"'{value}' is not a valid id: use lower-case letters, digits and underscores, "
            "starting with a letter"
        )
    elif kind == "value_error":
        message = str(err["msg"]).removeprefix("Value error, ")
    else:
        message = str(err["msg"]).replace("Input should", "should")
    if is_key:
        message = f"'{loc[-1]}' is not allowed here: {message.replace('should', 'a key should', 1)}"
    return doc.problem(loc, message)


_BOUNDS = {
    "greater_than_equal": (">=", "ge"),
    "less_than_equal": ("<=", "le"),
    "greater_than": (">", "gt"),
    "less_than": ("<", "lt"),
}


def _number(bound: float) -> str:
    """A bound as a person writes it: ``2,000,000``, not ``2e+06``.

    >>> _number(2_000_000), _number(0.5), _number(1e300)
    ('2,000,000', '0.5', '1e+300')
    """
    if float(bound).is_integer() and abs(bound) < 1e15:
        return f"{int(bound):,}"
    return f"{bound:g}"


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)
