"""``thrive host`` without a browser: a real server on loopback, spoken to as a page would, and
as someone crafting messages would. Every refusal leaves the game as it was; the room's state
survives a restart of the host process; the timer locks and extends; an injected event is
played and replayed from the autosave."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hosting import Served, serve_room
from websockets.sync.client import ClientConnection, connect

from game.host_messages import MAX_MESSAGE_BYTES, Refused, parse
from game.host_server import RateLimit

TEAMS = ("council", "health", "vcse")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    s = serve_room(tmp_path_factory.mktemp("host"), TEAMS, seed=21)
    yield s
    s.stop()


def recv(
    ws: ClientConnection, want: Callable[[dict[str, Any]], bool], timeout: float = 20
) -> dict[str, Any]:
    """The next message that ``want`` accepts (pages also get clocks and previews)."""
    end = time.monotonic() + timeout
    while True:
        left = end - time.monotonic()
        if left <= 0:
            raise AssertionError("no such message arrived")
        message: dict[str, Any] = json.loads(ws.recv(timeout=left))
        if want(message):
            return message


@pytest.fixture
def pages() -> Iterator[contextlib.ExitStack]:
    """Every connection a test opens, closed when it ends."""
    with contextlib.ExitStack() as stack:
        yield stack


def team_page(s: Served, team: str, pages: contextlib.ExitStack) -> tuple[ClientConnection, str]:
    token = s.join(team)["token"]
    ws = pages.enter_context(connect(s.ws))
    ws.send(s.hello("team", token=token))
    recv(ws, lambda m: m["type"] == "team")
    return ws, token


def host_page(s: Served, pages: contextlib.ExitStack) -> ClientConnection:
    ws = pages.enter_context(connect(s.ws))
    ws.send(s.hello("host", host=s.room.host_code))
    recv(ws, lambda m: m["type"] == "host")
    return ws


def state(s: Served) -> str:
    """Everything a refusal must leave alone: drafts, offers, ready, round, timer, events."""
    session = s.session
    game = session.live
    return repr(
        (
            session.drafts,
            s.room.offers,
            sorted(s.room.ready),
            game.round,
            [d.event for d in game.pending_events],
            session.timer_left,
            s.room.paused,
            s.room.board,
        )
    )


def cheapest(s: Served, team: str) -> tuple[str, float]:
    """An intervention the team may fund, and a sum it can afford."""
    info = s.room.round_info()
    budget = info["budgets"][team]
    item = min((i for i in info["interventions"] if team in i["funders"]), key=lambda i: i["least"])
    return item["id"], float(min(item["least"], budget // 2))


def test_message_checks_refuse_what_is_not_a_message() -> None:
    for raw, words in [
        ("{nope", "not a JSON message"),
        ("[1, 2]", "JSON object"),
        ('{"type": "launch"}', "unknown or missing 'type'"),
        ('{"type": "set", "token": "x"}', "malformed"),
        ('{"type":"hello","role":"team","room":"ABCDEF","file":"/etc/passwd"}', "malformed"),
        ('{"type":"hello","role":"team","room":"../../x"}', "malformed"),
        ('{"type":"hello","role":"board","room":"ABCDEF","x":{"y":{"z":1}}}', "nested"),
        ("x" * (MAX_MESSAGE_BYTES + 1), "too large"),
        ('{"type":"host","host":"ABCDEFGH","action":"simulate","minutes":NaN}', "not a JSON"),
    ]:
        with pytest.raises(Refused, match=words):
            parse(raw)


def test_rate_limit_is_a_token_bucket() -> None:
    bucket = RateLimit(rate=10.0, burst=5.0)
    assert [bucket.allow(now=0.0) for _ in range(7)].count(True) == 5
    assert bucket.allow(now=0.1) and not bucket.open(now=0.1) and not bucket.allow(now=0.1)


def test_pages_need_the_room_code(served: Served, pages: contextlib.ExitStack) -> None:
    for page in ("team", "host", "board"):
        assert httpx.get(f"{served.base}/{page}?room=WRONG1").status_code == 403
        assert httpx.get(f"{served.base}/{page}").status_code == 403
        ok = httpx.get(f"{served.base}/{page}?room={served.room.room_code}")
        assert ok.status_code == 200 and "<script" in ok.text
    assert served.join("council", room="WRONG1")["status"] == 403
    assert served.join("business")["status"] == 403  # not a team in this game
    assert httpx.get(f"{served.base}/static/../session.py").status_code == 404
    assert httpx.get(f"{served.base}/static/host.py").status_code == 404
    assert httpx.get(f"{served.base}/api/qr.svg?host=WRONG123").status_code == 403
    qr = httpx.get(f"{served.base}/api/qr.svg?host={served.room.host_code}")
    assert qr.status_code == 200 and qr.text.lstrip().startswith("<?xml")
    before = state(served)
    with connect(served.ws) as ws:
        ws.send(json.dumps({"type": "hello", "role": "board", "room": "WRONG1"}))
        assert recv(ws, lambda m: True)["reason"] == "wrong room code"
        ws.send(json.dumps({"type": "ready", "token": "a" * 24, "team": "council", "ready": True}))
        assert "hello" in recv(ws, lambda m: True)["reason"]
    assert state(served) == before


def test_team_changes_reach_every_device_of_the_team_in_order(
    served: Served, pages: contextlib.ExitStack
) -> None:
    one, token = team_page(served, "council", pages)
    two, _ = team_page(served, "council", pages)
    other, _ = team_page(served, "health", pages)
    item, pounds = cheapest(served, "council")
    with one, two, other:
        for k, amount in enumerate((pounds, pounds + 1, pounds + 2), start=1):
            one.send(
                json.dumps(
                    {
                        "type": "set",
                        "token": token,
                        "team": "council",
                        "intervention": item,
                        "pounds": amount,
                        "seq": k,
                    }
                )
            )
        acks: list[dict[str, Any]] = []
        while len(acks) < 3:  # several changes may come in one view, each acknowledged
            view = recv(two, lambda m: m["type"] == "team" and "acks" in m)
            acks += view["acks"]
        assert [a["seq"] for a in acks] == [1, 2, 3]
        assert [a["summary"] for a in acks] == [
            f"{item} = {v:.0f}" for v in (pounds, pounds + 1, pounds + 2)
        ]
        assert [a["v"] for a in acks] == list(range(acks[0]["v"], acks[0]["v"] + 3))
        assert view["drafts"]["council"][item] == pounds + 2
        assert served.session.drafts["council"][item] == pounds + 2
        one.send(
            json.dumps(
                {
                    "type": "set",
                    "token": token,
                    "team": "council",
                    "intervention": item,
                    "pounds": 0,
                    "seq": 9,
                }
            )
        )
        recv(one, lambda m: m.get("ack", {}).get("seq") == 9)
    assert item not in served.session.drafts["council"]


def test_crafted_messages_are_refused_and_change_nothing(
    served: Served, pages: contextlib.ExitStack
) -> None:
    council, token = team_page(served, "council", pages)
    host = host_page(served, pages)
    item, _ = cheapest(served, "council")
    health_item, _ = cheapest(served, "health")
    not_for_vcse = next(
        i["id"] for i in served.room.round_info()["interventions"] if "vcse" not in i["funders"]
    )
    budget = served.room.round_info()["budgets"]["council"]
    crafted: list[tuple[dict[str, Any] | str, str]] = [
        # council's token used to change health's draft
        (
            {
                "type": "set",
                "token": token,
                "team": "health",
                "intervention": health_item,
                "pounds": 1000,
            },
            "may change only council",
        ),
        ({"type": "clear", "token": token, "team": "vcse"}, "may change only council"),
        (
            {
                "type": "set",
                "token": "Z" * 24,
                "team": "council",
                "intervention": item,
                "pounds": 1000,
            },
            "unknown token",
        ),
        (
            {
                "type": "set",
                "token": token,
                "team": "council",
                "intervention": "free_money",
                "pounds": 1000,
            },
            "unknown intervention",
        ),
        (
            {
                "type": "set",
                "token": token,
                "team": "council",
                "intervention": item,
                "pounds": budget + 1,
            },
            "over its budget",
        ),
        (
            {"type": "set", "token": token, "team": "council", "intervention": item, "pounds": -5},
            "malformed",
        ),
        (
            {
                "type": "set",
                "token": token,
                "team": "council",
                "intervention": item,
                "pounds": "lots",
            },
            "malformed",
        ),
        (
            f'{{"type":"set","token":"{token}","team":"council","intervention":"{item}",'
            '"pounds":1e999}',
            "finite",
        ),
        (
            {
                "type": "offer",
                "token": token,
                "team": "council",
                "to": "council",
                "intervention": item,
                "pounds": 100,
            },
            "not another team",
        ),
        (
            {
                "type": "offer",
                "token": token,
                "team": "council",
                "to": "vcse",
                "intervention": not_for_vcse,
                "pounds": 100,
            },
            "may not fund",
        ),
        (
            {"type": "answer", "token": token, "team": "council", "offer": 999, "accept": True},
            "no such offer",
        ),
        # host actions from a team page, and without the host code
        ({"type": "host", "host": served.room.host_code, "action": "simulate"}, "host page"),
        ("x" * 5000, "too large"),
        (
            f'{{"type": "set", "token": "{token}", "team": "council", "seq": 1, "extra": 1}}',
            "malformed",
        ),
    ]
    before = state(served)
    with council, host:
        for message, words in crafted:
            council.send(message if isinstance(message, str) else json.dumps(message))
            reply = recv(council, lambda m: m["type"] == "refused")
            assert words in reply["reason"], (message, reply)
        for action in ("simulate", "undo_round", "pause", "veto", "timer_start"):
            host.send(
                json.dumps({"type": "host", "host": "WRONG123", "action": action, "event": "flood"})
            )
            assert "host code" in recv(host, lambda m: m["type"] == "refused")["reason"]
        host.send(json.dumps({"type": "host", "action": "simulate"}))
        assert "malformed" in recv(host, lambda m: m["type"] == "refused")["reason"]
    assert state(served) == before
    assert served.session.live.round == 1


def test_flooding_is_rate_limited(served: Served, pages: contextlib.ExitStack) -> None:
    council, token = team_page(served, "council", pages)
    with council:
        for k in range(60):
            council.send(
                json.dumps(
                    {
                        "type": "ready",
                        "token": token,
                        "team": "council",
                        "ready": k % 2 == 0,
                        "seq": k,
                    }
                )
            )
        reasons: list[str] = []
        end = time.monotonic() + 10
        while len(reasons) < 60 and time.monotonic() < end:
            m = json.loads(council.recv(timeout=5))
            if m["type"] == "refused":
                reasons.append(m["reason"])
            elif "acks" in m:
                reasons += ["ok"] * len(m["acks"])
        assert "too many messages: slow down" in reasons
        assert 30 <= reasons.count("ok") < 60
    served.room.ready.clear()


def test_co_funding_offer_accepted_on_the_other_teams_page(
    served: Served, pages: contextlib.ExitStack
) -> None:
    council, c_token = team_page(served, "council", pages)
    health, h_token = team_page(served, "health", pages)
    info = served.room.round_info()
    item = next(
        i
        for i in info["interventions"]
        if {"council", "health"} <= set(i["funders"]) and i["least"] <= info["budgets"]["health"]
    )
    ask = float(min(item["least"], info["budgets"]["health"]))
    with council, health:
        council.send(
            json.dumps(
                {
                    "type": "offer",
                    "token": c_token,
                    "team": "council",
                    "to": "health",
                    "intervention": item["id"],
                    "pounds": ask,
                }
            )
        )
        offer = recv(
            health,
            lambda m: m["type"] == "team" and any(o["status"] == "open" for o in m["offers"]),
        )["offers"][-1]
        # council may not answer its own offer; health's token may not answer for council
        council.send(
            json.dumps(
                {
                    "type": "answer",
                    "token": c_token,
                    "team": "council",
                    "offer": offer["id"],
                    "accept": True,
                }
            )
        )
        assert "another team" in recv(council, lambda m: m["type"] == "refused")["reason"]
        health.send(
            json.dumps(
                {
                    "type": "answer",
                    "token": h_token,
                    "team": "health",
                    "offer": offer["id"],
                    "accept": True,
                }
            )
        )
        seen = recv(
            council,
            lambda m: m["type"] == "team" and any(o["status"] == "accepted" for o in m["offers"]),
        )
        assert seen["drafts"]["health"][item["id"]] == ask
        health.send(
            json.dumps(
                {
                    "type": "answer",
                    "token": h_token,
                    "team": "health",
                    "offer": offer["id"],
                    "accept": True,
                }
            )
        )
        assert "already accepted" in recv(health, lambda m: m["type"] == "refused")["reason"]
        health.send(json.dumps({"type": "clear", "token": h_token, "team": "health"}))
        recv(health, lambda m: "ack" in m)


def test_timer_locks_at_zero_and_extends(served: Served, pages: contextlib.ExitStack) -> None:
    council, token = team_page(served, "council", pages)
    host = host_page(served, pages)
    item, pounds = cheapest(served, "council")
    code = served.room.host_code

    def act(action: str, **extra: Any) -> None:
        host.send(json.dumps({"type": "host", "host": code, "action": action, "seq": 7, **extra}))
        recv(host, lambda m: m.get("ack", {}).get("action") == action)

    with council, host:
        act("timer_start", minutes=1)
        served.session.timer_left = 0.3  # as if the minute had gone by
        time.sleep(1.0)  # the host's own tick reaches zero and locks
        assert served.session.plans_locked
        before = state(served)
        council.send(
            json.dumps(
                {
                    "type": "set",
                    "token": token,
                    "team": "council",
                    "intervention": item,
                    "pounds": pounds,
                }
            )
        )
        assert "locked" in recv(council, lambda m: m["type"] == "refused")["reason"]
        assert state(served) == before
        act("timer_extend", minutes=2)
        assert not served.session.plans_locked and served.session.timer_left > 100
        council.send(
            json.dumps(
                {
                    "type": "set",
                    "token": token,
                    "team": "council",
                    "intervention": item,
                    "pounds": pounds,
                    "seq": 5,
                }
            )
        )
        recv(council, lambda m: m.get("ack", {}).get("seq") == 5)
        act("pause")
        council.send(
            json.dumps({"type": "ready", "token": token, "team": "council", "ready": True})
        )
        assert "paused" in recv(council, lambda m: m["type"] == "refused")["reason"]
        act("resume")
        act("timer_stop")
        assert served.session.timer_left is None


def test_inject_veto_simulate_undo_and_resume_after_a_restart(
    served: Served, pages: contextlib.ExitStack
) -> None:
    host = host_page(served, pages)
    code = served.room.host_code
    game = served.session.live

    def act(action: str, **extra: Any) -> dict[str, Any]:
        host.send(json.dumps({"type": "host", "host": code, "action": action, "seq": 8, **extra}))
        return recv(host, lambda m: m["type"] == "refused" or "ack" in m, 120)

    with host:
        for drawn in [d.event for d in game.pending_events]:
            act("veto", event=drawn)
        assert act("inject", event="flood")["info"]["events"][0]["id"] == "flood"
        assert act("inject", event="no_such_event")["type"] == "refused"
        assert [d.event for d in game.pending_events] == ["flood"]
        assert act("simulate")["info"]["round"] == 2
        assert [e.event for e in game.reports[0].events] == ["flood"]
        assert game.event_choices == [("flood",)]
        after_one = game.reports[0].years[-1].scores
        for team in TEAMS:  # a carried-over sum may now fall below a scale's least
            served.room.session.clear_team(team)
        second = act("simulate")
        assert second.get("info", {}).get("round") == 3, second
        assert act("undo_round")["info"]["round"] == 2
        assert len(game.reports) == 1
        note = act("export")["note"]  # the debrief pack of the round played
        folder = Path(note.rpartition(" files in ")[2])
        assert note.startswith("Debrief exported") and (folder / "debrief.html").exists()
        assert folder.is_relative_to(served.session.home)
    council, token = team_page(served, "council", pages)
    item, pounds = cheapest(served, "council")
    with council:
        council.send(
            json.dumps(
                {
                    "type": "set",
                    "token": token,
                    "team": "council",
                    "intervention": item,
                    "pounds": pounds,
                    "seq": 3,
                }
            )
        )
        recv(council, lambda m: m.get("ack", {}).get("seq") == 3)
    end = time.monotonic() + 10  # the host writes room.json within a second or so
    while token not in served.room.path.read_text() or served.room.dirty:
        assert time.monotonic() < end, "room.json was not written"
        time.sleep(0.1)
    home = served.session.home
    codes = (served.room.room_code, served.room.host_code)
    again = serve_room(home, TEAMS, seed=21, resume=True)  # a second host process, same home
    try:
        assert (again.room.room_code, again.room.host_code) == codes
        assert again.session.live.round == 2
        assert again.session.live.event_choices == [("flood",)]
        assert again.session.live.reports[0].years[-1].scores == after_one
        assert again.session.drafts["council"][item] == pounds
        assert token in again.room.tokens  # the device is still on its team
    finally:
        again.stop()


def test_guessing_the_room_code_is_slowed_down(served: Served) -> None:
    """Last in the module: it leaves this address unable to join for a while. The buckets'
    clock is held still, so that a slow machine (a try back every six seconds) cannot let one
    through."""
    still = time.monotonic()
    served.hub.join_clock = lambda: still
    try:
        replies = [served.join("council", room=f"GUESS{k}")["status"] for k in range(12)]
        wrong = replies.index(429)  # earlier tests' wrong tries count too
        assert 1 <= wrong <= 10 and set(replies[:wrong]) == {403}
        assert set(replies[wrong:]) == {429}
        assert served.join("council")["status"] == 429  # even with the right code
        served.hub.join_clock = lambda: still + 6.5  # a try back after six seconds
        assert served.join("council")["status"] == 200
    finally:
        served.hub.join_clock = time.monotonic
