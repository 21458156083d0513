"""Write the hostile save files of tests/hostile/test_saves.py (run: python make_cases.py).

Each case is a file name, the file's bytes, and a distinctive fragment of the message
``thrive check`` must print for it; ``cases.json`` holds the names and fragments. The bytes are
written here once, by hand-made mutation of one valid save, so that a reader sees each case.
Files too big or too special to keep (200,000 levels, 300 MB, a pipe, /dev/zero) are made by
the test itself.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

BASE: dict[str, Any] = {
    "format": "thriving-places-save",
    "version": 1,
    "town": "brackenbury",
    "residents": 1000,
    "rounds": 4,
    "years_per_round": 2,
    "seed": 7,
    "teams": ["council", "health"],
    "decisions": [{"council": {"family_hubs": 3000.0}, "health": {}}],
    "fingerprints": ["0123456789abcdef"],
}


def with_(**changes: Any) -> bytes:
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if value is _DROP:
            del data[key]
        else:
            data[key] = value
    return json.dumps(data).encode()


_DROP = object()

CASES: list[tuple[str, bytes, str]] = [
    # decisions of the wrong shape
    (
        "decisions_string.json",
        with_(decisions="lots", fingerprints=[]),
        "decisions: must be a list (got 'lots')",
    ),
    (
        "decisions_list_of_lists.json",
        with_(decisions=[[1, 2]]),
        "decisions[0]: must be a mapping of keys to values (got a list)",
    ),
    ("decisions_number.json", with_(decisions=5), "decisions: must be a list (got 5)"),
    ("decisions_null.json", with_(decisions=None), "decisions: must be a list (got nothing)"),
    (
        "decisions_round_string.json",
        with_(decisions=["x"]),
        "decisions[0]: must be a mapping of keys to values (got 'x')",
    ),
    (
        "decisions_team_list.json",
        with_(decisions=[{"council": [1]}]),
        "decisions[0].council: must be a mapping of keys to values (got a list)",
    ),
    (
        "decisions_pounds_string.json",
        with_(decisions=[{"council": {"family_hubs": "3000"}}]),
        "decisions[0].council.family_hubs: must be a number (got '3000')",
    ),
    (
        "decisions_pounds_negative.json",
        with_(decisions=[{"council": {"family_hubs": -5}}]),
        "decisions[0].council.family_hubs: must be >= 0 (got -5)",
    ),
    (
        "decisions_pounds_huge.json",
        with_(decisions=[{"council": {"family_hubs": 1e300}}]),
        "decisions[0].council.family_hubs: must be <= 1,000,000,000,000",
    ),
    (
        "decisions_pounds_bool.json",
        with_(decisions=[{"council": {"family_hubs": True}}]),
        "decisions[0].council.family_hubs: must be a number (got True)",
    ),
    (
        "decisions_pounds_nan.json",
        with_(decisions=[{"council": {"family_hubs": "NaN!"}}]).replace(b'"NaN!"', b"NaN"),
        "NaN is not a number a save can hold",
    ),
    (
        "decisions_unknown_team.json",
        with_(decisions=[{"police": {"family_hubs": 1.0}}]),
        "decisions[0].police: 'police' is not a team in this game (council, health)",
    ),
    (
        "decisions_unknown_intervention.json",
        with_(decisions=[{"council": {"moon_base": 1.0}}]),
        "decisions[0].council.moon_base: 'moon_base' is not an intervention",
    ),
    ("decisions_bad_team_id.json", with_(decisions=[{"Council!": {}}]), "is not a valid id"),
    (
        "decisions_more_than_rounds.json",
        with_(rounds=1, decisions=[{}, {}], fingerprints=["0123456789abcdef"] * 2),
        "decisions: 2 rounds played in a game of 1 rounds",
    ),
    # decisions and fingerprints of different lengths
    (
        "fingerprints_fewer.json",
        with_(fingerprints=[]),
        "fingerprints: 0 fingerprints for 1 rounds of decisions",
    ),
    (
        "fingerprints_more.json",
        with_(fingerprints=["0123456789abcdef"] * 3),
        "fingerprints: 3 fingerprints for 1 rounds of decisions",
    ),
    (
        "fingerprints_string.json",
        with_(fingerprints="0123456789abcdef"),
        "fingerprints: must be a list (got '0123456789abcdef')",
    ),
    (
        "fingerprints_bad_digest.json",
        with_(fingerprints=["not-a-digest"]),
        "fingerprints[0]: must be a round's fingerprint, 16 hex digits (got 'not-a-digest')",
    ),
    (
        "fingerprints_number.json",
        with_(fingerprints=[12]),
        "fingerprints[0]: must be text (got 12)",
    ),
    # seed
    (
        "seed_nan.json",
        with_(seed="NaN-placeholder").replace(b'"NaN-placeholder"', b"NaN"),
        "NaN is not a number a save can hold",
    ),
    (
        "seed_infinity.json",
        with_(seed="inf").replace(b'"inf"', b"Infinity"),
        "Infinity is not a number a save can hold",
    ),
    (
        "seed_float_inf.json",
        with_(seed=0).replace(b'"seed": 0', b'"seed": 1e999'),
        "seed: must be a whole number (got inf)",
    ),
    ("seed_negative.json", with_(seed=-1), "seed: must be >= 0 (got -1)"),
    ("seed_text.json", with_(seed="abc"), "seed: must be a whole number (got 'abc')"),
    ("seed_fraction.json", with_(seed=1.9), "seed: must be a whole number (got 1.9)"),
    ("seed_whole_float.json", with_(seed=7.0), "seed: must be a whole number (got 7.0)"),
    ("seed_bool.json", with_(seed=True), "seed: must be a whole number (got True)"),
    ("seed_huge.json", with_(seed=10**30), "seed: must be <= 9.22337e+18"),
    (
        "seed_5000_digits.json",
        with_(seed=0).replace(b'"seed": 0', b'"seed": ' + b"9" * 5000),
        "not a readable save (corrupted?): a number in it is thousands of digits long",
    ),
    ("seed_missing.json", with_(seed=_DROP), "seed: required key is missing"),
    # rounds and years per round
    ("rounds_text.json", with_(rounds="x"), "rounds: must be a whole number (got 'x')"),
    (
        "rounds_zero.json",
        with_(rounds=0, decisions=[], fingerprints=[]),
        "rounds: must be >= 1 (got 0)",
    ),
    ("rounds_huge.json", with_(rounds=10**18), "rounds: must be <= 50 (got 1000000000000000000)"),
    (
        "rounds_too_many_years.json",
        with_(rounds=30, years_per_round=5),
        "rounds: 30 rounds of 5 years is 150 years; at most 50 are supported",
    ),
    ("rounds_float.json", with_(rounds=4.0), "rounds: must be a whole number (got 4.0)"),
    (
        "years_per_round_million.json",
        with_(years_per_round=1000000),
        "years_per_round: must be <= 10 (got 1000000)",
    ),
    (
        "years_per_round_zero.json",
        with_(years_per_round=0),
        "years_per_round: must be >= 1 (got 0)",
    ),
    (
        "years_per_round_negative.json",
        with_(years_per_round=-2),
        "years_per_round: must be >= 1 (got -2)",
    ),
    # teams
    ("teams_number.json", with_(teams=5), "teams: must be a list (got 5)"),
    (
        "teams_police.json",
        with_(teams=["police"], decisions=[{}]),
        "teams[0]: 'police' is not a team; teams: council, health, business, vcse, education",
    ),
    (
        "teams_empty.json",
        with_(teams=[], decisions=[{}]),
        "teams: a game needs at least one team (got none)",
    ),
    ("teams_twice.json", with_(teams=["council", "council"]), "teams[1]: 'council' is named twice"),
    ("teams_string.json", with_(teams="council"), "teams: must be a list (got 'council')"),
    (
        "teams_null_item.json",
        with_(teams=[None], decisions=[{}]),
        "teams[0]: must be text (got nothing)",
    ),
    # residents
    ("residents_negative.json", with_(residents=-5), "residents: must be >= 1,000 (got -5)"),
    (
        "residents_many.json",
        with_(residents="many"),
        "residents: must be a whole number (got 'many')",
    ),
    (
        "residents_billion.json",
        with_(residents=10**9),
        "residents: must be <= 2,000,000 (got 1000000000)",
    ),
    (
        "residents_float.json",
        with_(residents=5000.5),
        "residents: must be a whole number (got 5000.5)",
    ),
    # the town and the envelope
    ("town_number.json", with_(town=3), "town: must be text (got 3)"),
    ("town_empty.json", with_(town=""), "town: must not be empty"),
    ("town_missing.json", with_(town=_DROP), "town: required key is missing"),
    ("unknown_key.json", with_(cheat=True), "unknown key 'cheat'"),
    ("unknown_key_close.json", with_(seeds=3), "unknown key 'seeds' (did you mean 'seed'?)"),
    ("format_other.json", with_(format="something-else"), "not a Thriving Places save file"),
    ("format_missing.json", with_(format=_DROP), "not a Thriving Places save file"),
    ("version_future.json", with_(version=99), "cannot read (99; this one reads 1)"),
    (
        "version_text.json",
        with_(version="1"),
        "cannot read ('1'; this one reads 1)".replace("'1'", "?"),
    ),
    ("top_level_list.json", b"[1, 2, 3]", "not a Thriving Places save file"),
    ("top_level_string.json", b'"thriving-places-save"', "not a Thriving Places save file"),
    ("top_level_null.json", b"null", "not a Thriving Places save file"),
    # not JSON, not text
    ("empty.json", b"", "the file is empty"),
    ("whitespace.json", b"   \n\t\n", "the file is empty"),
    ("truncated.json", with_()[:70], "not a readable save (corrupted?)"),
    (
        "not_json.json",
        b"this is not json at all",
        "not a readable save (corrupted?): Expecting value",
    ),
    ("trailing_garbage.json", with_() + b" }", "Extra data"),
    ("not_utf8.json", b'{"format": "\xff\xfe"}', "not UTF-8 text: bad byte at offset 12"),
    ("utf16.json", with_().decode().encode("utf-16"), "not UTF-8 text: bad byte at offset 0"),
    ("duplicate_key.json", with_()[:-1] + b', "seed": 8}', "the key 'seed' is given twice"),
    (
        "deep_100.json",
        with_()[:-1] + b', "x": ' + b"[" * 100 + b"]" * 100 + b"}",
        "nested 101 levels deep",
    ),
    (
        "many_problems.json",
        with_(seed=-1, rounds="x", teams=[], residents="many", cheat=1),
        "residents: must be a whole number (got 'many')",
    ),
]


def main() -> None:
    expected = {}
    for name, data, message in CASES:
        (HERE / name).write_bytes(data)
        expected[name] = message
    (HERE / "cases.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(CASES)} cases")


if __name__ == "__main__":
    main()
