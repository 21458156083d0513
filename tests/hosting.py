"""A real ``thrive host`` server for the host tests and the load benchmark: a small town, its
room, and uvicorn serving it on a free loopback port in a background thread."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from game.host_messages import MAX_MESSAGE_BYTES
from game.host_room import Room, open_room
from game.host_server import Hub, make_app
from game.session import Session, Setup

__all__ = ["Served", "serve_room"]


@dataclass
class Served:
    room: Room
    hub: Hub
    server: uvicorn.Server
    thread: threading.Thread
    base: str

    @property
    def session(self) -> Session:
        return self.room.session

    @property
    def ws(self) -> str:
        return self.base.replace("http://", "ws://") + "/ws"

    def join(self, team: str, room: str | None = None) -> dict[str, Any]:
        reply = httpx.post(
            f"{self.base}/api/join",
            json={"room": room or self.room.room_code, "team": team},
            timeout=10,
        )
        return {"status": reply.status_code, **reply.json()}

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.session.close()

    def hello(self, role: str, **extra: Any) -> str:
        return json.dumps({"type": "hello", "role": role, "room": self.room.room_code, **extra})


def serve_room(
    home: Path,
    teams: tuple[str, ...] = ("council", "health", "vcse"),
    *,
    town: str = "hastings",
    residents: int = 2000,
    rounds: int = 3,
    seed: int = 11,
    years_per_round: int = 1,
    resume: bool = False,
) -> Served:
    """Build the town (or resume ``home``'s autosave), then serve it; returns once it answers."""
    session = Session(home)
    room, _ = open_room(
        session, Setup(town, teams, rounds, years_per_round, seed, residents), resume=resume
    )
    hub = Hub(room)
    app = make_app(room, "http://127.0.0.1/", hub)
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, log_level="warning", ws_max_size=4 * MAX_MESSAGE_BYTES
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the host server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    return Served(room, hub, server, thread, f"http://127.0.0.1:{port}")
