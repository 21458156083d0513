"""``thrive host``: the workshop across devices, served from the facilitator's laptop.

Starts (or resumes) a game and serves its team, host and board pages (:mod:`game.host_server`)
on this machine. It listens on 127.0.0.1 only unless ``--lan`` is given, and says which; it
prints the join address, a QR code of it (with the room code) and the room code, and the host
page's address with the host code, which only the facilitator should see.
"""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from game.terminal import safe_text
from model.bounds import MAX_SEED, POPULATION
from model.errors import ScenarioError

__all__ = ["host", "lan_address"]


def lan_address() -> str:
    """This machine's address on the local network (what phones on the venue Wi-Fi reach):
    the address a UDP socket would send from (nothing is sent), else 127.0.0.1."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 9))
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


def host(
    scenario: Annotated[
        str,
        typer.Argument(help="The town: a shipped town's id (hastings...), a file, or place:CODE."),
    ] = "brackenbury",
    teams: Annotated[
        str | None,
        typer.Option(help="Teams, comma-separated (default all five): council,health,vcse"),
    ] = None,
    rounds: Annotated[int, typer.Option(min=1, max=10, help="Rounds in the game.")] = 4,
    years_per_round: Annotated[int, typer.Option(min=1, max=5, help="Years a round.")] = 2,
    seed: Annotated[int | None, typer.Option(min=0, max=MAX_SEED, help="Random seed.")] = None,
    residents: Annotated[
        int | None,
        typer.Option(min=POPULATION[0], max=POPULATION[1], help="Residents modelled."),
    ] = 10_000,
    port: Annotated[int, typer.Option(min=1024, max=65535, help="Port to listen on.")] = 8765,
    lan: Annotated[
        bool, typer.Option("--lan", help="Listen on the local network, not only this machine.")
    ] = False,
    new: Annotated[
        bool, typer.Option("--new", help="Start a new game even if an unfinished one is saved.")
    ] = False,
) -> None:
    """Host a workshop: every team on its own laptop or phone, this laptop as host and board."""
    import segno
    import uvicorn

    from game.cli import _fail, console, err
    from game.host_messages import MAX_MESSAGE_BYTES
    from game.host_room import open_room
    from game.host_server import make_app
    from game.session import Session, Setup, fresh_seed, home_folder

    session = Session(home_folder() / "host")
    chosen = tuple(t.strip() for t in teams.split(",") if t.strip()) if teams else ()
    sectors = [s.id for s in session.interventions.sectors]
    unknown = [t for t in chosen if t not in sectors]
    if unknown or (teams is not None and len(chosen) < 2):
        err.print(
            f"--teams takes two or more of: {', '.join(sectors)} (got '{safe_text(teams or '')}')"
        )
        raise typer.Exit(2)
    setup = Setup(
        scenario,
        chosen or tuple(sectors),
        rounds,
        years_per_round,
        seed if seed is not None else fresh_seed(),
        residents,
    )
    console.print("Getting the game ready…")
    try:
        room, how = open_room(session, setup, resume=not new)
    except ScenarioError as exc:
        raise _fail(exc) from None
    bind = "0.0.0.0" if lan else "127.0.0.1"
    address = lan_address() if lan else "127.0.0.1"
    base = f"http://{address}:{port}"
    join = f"{base}/"
    console.print(how)
    if lan:
        console.print(
            f"Listening on the local network (port {port}): any device on it can open "
            "the join page, and needs the room code to get in."
        )
    else:
        console.print(
            "Listening on this machine only (127.0.0.1): other devices cannot join. "
            "Give --lan to let teams join from their own laptops and phones."
        )
    qr = segno.make(f"{join}?room={room.room_code}", error="m")
    qr.terminal(compact=True)
    console.print(f"Join: [bold]{join}[/bold]   Room code: [bold]{room.room_code}[/bold]")
    console.print(
        f"Host page (keep to yourself): {base}/host?room={room.room_code}&host={room.host_code}"
    )
    console.print(f"Board (for the projector): {base}/board?room={room.room_code}")
    console.print("Stop with Ctrl+C; `thrive host` again resumes where you were.")
    app = make_app(room, join)
    try:
        uvicorn.run(
            app,
            host=bind,
            port=port,
            log_level="warning",
            ws_max_size=4 * MAX_MESSAGE_BYTES,
            ws_ping_interval=10,
            ws_ping_timeout=20,
        )
    finally:
        room.write()
        session.close()
