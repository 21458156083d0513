"""Load on ``thrive host``: 30 devices on loopback (5 teams x 6), each making changes for a
minute, against a real host process.

Starts ``thrive host`` (a small Brackenbury, all five teams) as its own process, joins six
devices to each team, and has every device send ``--rate`` changes a second (a team's pounds
for one of its interventions, within its budget) for ``--seconds``. Each team's six devices
run in one process of their own (five in all), so a client process's own work stays small and
one clock times a change from its sending to its arrival on every page of the team.

It checks, and prints:

- no lost change: every change sent was accepted, and every page of the team saw it;
- no reordered change: every page saw the team's plan versions in increasing order without
  gaps, and each device's changes in the order it sent them;
- latency: the 95th percentile, over all changes, of the time from sending a change until the
  last page of that team has it (and the median, and per page);
- the host's memory (resident set size) sampled every 5 s: first, last, largest.

The machine is shared: the figures hold for the load it was under, which it also prints.

    python benchmarks/host_load.py            # 30 devices, 10 changes/s each, 60 s
    python benchmarks/host_load.py --seconds 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
import websockets

ROOT = Path(__file__).resolve().parents[1]
TEAMS = ("council", "health", "business", "vcse", "education")


def start_host(
    home: Path, port: int, profile: str | None = None
) -> tuple[subprocess.Popen[str], str, str, str]:
    env = {**os.environ, "THRIVE_HOME": str(home), "PYTHONPATH": str(ROOT)}
    python = [sys.executable, *(["-m", "cProfile", "-o", profile] if profile else [])]
    proc = subprocess.Popen(
        [
            *python,
            "-m",
            "game.cli",
            "host",
            "brackenbury",
            "--residents",
            "2000",
            "--rounds",
            "3",
            "--seed",
            "5",
            "--port",
            str(port),
            "--new",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    room = host = ""
    deadline = time.monotonic() + 180
    for line in proc.stdout:
        found = re.search(r"Room code: (\w+)", line)
        if found:
            room = found.group(1)
        found = re.search(r"&host=(\w+)", line)
        if found:
            host = found.group(1)
        if "Stop with Ctrl+C" in line:
            break
        if time.monotonic() > deadline:
            break
    if not room:
        proc.kill()
        raise SystemExit("the host did not start")
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(base + "/", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    return proc, room, host, base


def team_clients(
    base: str, room: str, team: str, devices: int, rate: float, seconds: float, out: Any
) -> None:
    """One team's devices in one process; the result goes on ``out`` (a queue)."""
    out.put(asyncio.run(_team(base, room, team, devices, rate, seconds)))


async def _team(
    base: str, room: str, team: str, devices: int, rate: float, seconds: float
) -> dict[str, Any]:
    async with httpx.AsyncClient() as client:
        tokens = [
            (await client.post(base + "/api/join", json={"room": room, "team": team})).json()[
                "token"
            ]
            for _ in range(devices)
        ]
    url = base.replace("http://", "ws://") + "/ws"
    socks = [await websockets.connect(url, max_size=2**20) for _ in tokens]
    ids: list[int] = []
    info: dict[str, Any] = {}
    for ws, token in zip(socks, tokens, strict=True):
        await ws.send(json.dumps({"type": "hello", "role": "team", "room": room, "token": token}))
        while True:
            m = json.loads(await ws.recv())
            if m["type"] == "welcome":
                ids.append(m["device"])
                info = m["info"]
                break
    budget = info["budgets"][team]
    items = [i["id"] for i in info["interventions"] if team in i["funders"]]
    # each device has an intervention of its own; six small sums always fit the budget
    mine = [items[k % len(items)] for k in range(devices)]
    top = max(1.0, budget / (2 * devices))
    sent: dict[tuple[int, int], float] = {}
    seen: list[list[tuple[int, int, int, float]]] = [[] for _ in socks]
    refused: list[str] = []
    late: list[float] = []
    stop = asyncio.Event()

    async def reader(k: int) -> None:
        ws = socks[k]
        try:
            while True:
                m = json.loads(await ws.recv())
                if m["type"] == "team" and "acks" in m:
                    now = time.monotonic()
                    seen[k].extend((a["v"], a["device"], a["seq"], now) for a in m["acks"])
                elif m["type"] == "refused":
                    refused.append(m["reason"])
        except websockets.ConnectionClosed:
            pass

    async def writer(k: int) -> None:
        ws, token, device = socks[k], tokens[k], ids[k]
        step = 1.0 / rate
        due = time.monotonic()
        seq = 0
        while not stop.is_set():
            seq += 1
            pounds = float(1 + (seq * 7919) % int(top))
            now = time.monotonic()
            late.append(now - due)  # how late this process got round to sending it
            sent[(device, seq)] = now
            await ws.send(
                json.dumps(
                    {
                        "type": "set",
                        "token": token,
                        "team": team,
                        "intervention": mine[k],
                        "pounds": pounds,
                        "seq": seq,
                    }
                )
            )
            # the next change one step after this one was due; a device that fell behind (its
            # process not scheduled) goes on from now, as a person would, not in a burst
            due = max(due + step, time.monotonic() - step)
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)

    readers = [asyncio.create_task(reader(k)) for k in range(len(socks))]
    writers = [asyncio.create_task(writer(k)) for k in range(len(socks))]
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*writers)
    await asyncio.sleep(3.0)  # the last changes arrive
    for ws in socks:
        await ws.close()
    await asyncio.gather(*readers, return_exceptions=True)
    # checks
    lost = 0
    reordered = 0
    arrivals: dict[tuple[int, int], list[float]] = {}
    for page in seen:
        versions = [v for v, _, _, _ in page]
        if versions and versions != list(range(versions[0], versions[0] + len(versions))):
            reordered += 1  # a version seen out of order, or one missed between two
        last: dict[int, int] = {}
        for _, device, seq, at in page:
            if seq <= last.get(device, 0):
                reordered += 1
            last[device] = seq
            arrivals.setdefault((device, seq), []).append(at)
    latency_all: list[float] = []
    latency_page: list[float] = []
    for key, at in sent.items():
        got = arrivals.get(key, [])
        if len(got) < len(socks):
            lost += 1
            continue
        latency_all.append(max(got) - at)
        latency_page.extend(g - at for g in got)
    return {
        "team": team,
        "sent": len(sent),
        "lost": lost,
        "reordered": reordered,
        "refused": refused[:3],
        "refusals": len(refused),
        "late": late,
        "every_page": latency_all,
        "per_page": latency_page,
    }


async def _host_lag(base: str, room: str, host: str) -> list[int]:
    """The host page's figure for how late the host's clock ticked in the last minute."""
    async with websockets.connect(base.replace("http://", "ws://") + "/ws") as ws:
        await ws.send(json.dumps({"type": "hello", "role": "host", "room": room, "host": host}))
        while True:
            m = json.loads(await ws.recv())
            if m["type"] == "host" and "lag_ms" in m:
                return list(m["lag_ms"])


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values, default=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=6, help="devices per team")
    parser.add_argument("--rate", type=float, default=10.0, help="changes a second per device")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--port", type=int, default=8877)
    parser.add_argument("--profile", help="run the host under cProfile, writing this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        proc, room, host_code, base = start_host(Path(home), args.port, args.profile)
        host = psutil.Process(proc.pid)
        cpu_before = sum(host.cpu_times()[:2])
        try:
            print(f"host pid {proc.pid}; load average before: {os.getloadavg()}")
            out: Any = multiprocessing.Queue()
            workers = [
                multiprocessing.Process(
                    target=team_clients,
                    args=(base, room, t, args.devices, args.rate, args.seconds, out),
                )
                for t in TEAMS
            ]
            for w in workers:
                w.start()
            memory = []
            end = time.monotonic() + args.seconds + 8
            while time.monotonic() < end:
                memory.append(host.memory_info().rss / 2**20)
                time.sleep(5)
            results = [out.get(timeout=120) for _ in workers]
            for w in workers:
                w.join()
            memory.append(host.memory_info().rss / 2**20)
            cpu = sum(host.cpu_times()[:2]) - cpu_before
            lag = asyncio.run(_host_lag(base, room, host_code))
            load = os.getloadavg()
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    every = [x for r in results for x in r["every_page"]]
    per_page = [x for r in results for x in r["per_page"]]
    sent = sum(r["sent"] for r in results)
    lost = sum(r["lost"] for r in results)
    reordered = sum(r["reordered"] for r in results)
    refusals = sum(r["refusals"] for r in results)
    print(
        f"{len(TEAMS)} teams x {args.devices} devices, {args.rate:g} changes/s each, "
        f"{args.seconds:g} s: {sent} changes sent ({sent / args.seconds:.0f}/s in all)"
    )
    print(
        f"lost {lost}, reordered {reordered}, refused {refusals} "
        f"{results[0]['refused'] if refusals else ''}"
    )
    ms = 1000.0
    print(
        f"change to every page of its team: median {statistics.median(every) * ms:.0f} ms, "
        f"p95 {p95(every) * ms:.0f} ms, max {max(every) * ms:.0f} ms"
    )
    print(
        f"change to one page: median {statistics.median(per_page) * ms:.0f} ms, "
        f"p95 {p95(per_page) * ms:.0f} ms"
    )
    print(
        f"host memory (RSS, MiB) every 5 s: {', '.join(f'{m:.0f}' for m in memory)}; "
        f"first {memory[0]:.0f}, last {memory[-1]:.0f}, largest {max(memory):.0f}"
    )
    late = [x for r in results for x in r["late"]]
    print(
        f"the host's event loop, late by (p95 / most, last minute): {lag[0]} / {lag[1]} ms; "
        f"the clients' own lateness in sending: p95 {p95(late) * ms:.0f} ms, "
        f"most {max(late) * ms:.0f} ms"
    )
    print(
        f"host CPU: {cpu:.1f} s in all, {cpu / max(sent, 1) * 1000:.2f} ms a change "
        f"(with its {args.devices} sends to the team's pages)"
    )
    print(f"load average after: {load} (2 cores, shared with other work)")
    warm = memory[1] if len(memory) > 2 else memory[0]
    steady = memory[-1] - warm <= max(0.15 * warm, 20.0)
    print(
        f"memory after warm-up {warm:.0f} MiB -> {memory[-1]:.0f} MiB: "
        f"{'steady' if steady else 'GROWING'}"
    )
    ok = lost == 0 and reordered == 0 and refusals == 0 and p95(every) <= 0.2 and steady
    print(
        "PASS" if ok else "FAIL",
        "(no loss, no reordering, p95 to every page <= 200 ms, memory steady)",
    )
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
