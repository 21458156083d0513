"""``thrive host`` in a real browser: Debian's chromium driven by Playwright.

One browser for the module; each page in its own context (its own storage, as separate
devices). The full game: a host page, a board and three team pages; a co-funding offer made on
one team's page and accepted on another's; a reload mid-round that keeps the draft; the board
showing the result; then a timer that locks the plans and is extended, an injected event, an
undone round, and the last round ending on the debrief. Then axe-core on the team and host
pages (no serious or critical violations), every control labelled, and tab order following
the page.

Without chromium (or Playwright, or axe-core) these tests skip and say why, except when
``THRIVE_REQUIRE_BROWSER=1`` (``.ci/run`` sets it): then a missing part fails them, so CI can
never skip them silently. ``THRIVE_SCREENSHOTS=DIR`` keeps screenshots of every page.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hosting import Served, serve_room

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("THRIVE_CHROMIUM", "/usr/bin/chromium")
AXE = Path(
    os.environ.get("THRIVE_AXE", ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js")
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TEAMS = ("council", "health", "vcse")
WAIT = 30_000
"""Milliseconds a page may take to show a change (the machine is shared and loaded)."""


def _missing(why: str) -> None:
    if os.environ.get("THRIVE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"THRIVE_REQUIRE_BROWSER=1 but {why}")
    pytest.skip(why)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _missing(f"no chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed (pip install playwright)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    s = serve_room(tmp_path_factory.mktemp("browser"), TEAMS, seed=33)
    yield s
    s.stop()


def open_page(browser: Any, url: str, width: int = 1280, height: int = 900, **extra: Any) -> Any:
    """A page in a context of its own (a separate device); any script error fails the test."""
    context = browser.new_context(viewport={"width": width, "height": height}, **extra)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    page.set_default_timeout(WAIT)
    page.goto(url)
    return page


def shot(page: Any, name: str) -> None:
    folder = os.environ.get("THRIVE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def team_url(s: Served, team: str) -> str:
    return f"{s.base}/team?room={s.room.room_code}&team={team}"


def test_a_full_game_across_devices(browser: Any, served: Served) -> None:
    from playwright.sync_api import expect

    code, host_code = served.room.room_code, served.room.host_code
    host = open_page(browser, f"{served.base}/host?room={code}&host={host_code}", 1400, 900)
    board = open_page(browser, f"{served.base}/board?room={code}", 1920, 1080)
    pages = {t: open_page(browser, team_url(served, t)) for t in TEAMS}
    pages["vcse"].set_viewport_size({"width": 375, "height": 800})
    info = served.room.round_info()
    budgets = info["budgets"]
    shared = next(
        i
        for i in info["interventions"]
        if {"council", "health"} <= set(i["funders"])
        and i["least"] <= min(budgets["council"], budgets["health"])
    )
    half = float(-(-shared["least"] // 2))
    own = next(
        i
        for i in info["interventions"]
        if "vcse" in i["funders"] and i["least"] <= budgets["vcse"] and i["id"] != shared["id"]
    )
    council, health, vcse = pages["council"], pages["health"], pages["vcse"]
    for team, page in pages.items():
        expect(page.locator("#team-name")).to_have_text(info["teams"][team]["name"])
    # council funds half and asks health for the other half
    field = council.get_by_label(f"Our pounds a year for {shared['name']}")
    field.fill(str(int(half)))
    field.press("Tab")
    council.select_option(f"#offer-to-{shared['id']}", "health")
    council.fill(f"#offer-pounds-{shared['id']}", str(int(half)))
    council.locator(f"#item-{shared['id']}").get_by_role("button", name="Send offer").click()
    accept = health.get_by_role("button", name="Accept Council's offer: ")
    expect(accept).to_be_visible()
    accept.click()
    expect(council.locator(f"#shared-{shared['id']}")).to_contain_text("Partnership bonus")
    expect(council.locator("#offers")).to_contain_text("accepted")
    assert served.session.drafts["health"][shared["id"]] == half
    # the voluntary sector funds something on a phone, then reloads: the draft is kept
    mine = vcse.get_by_label(f"Our pounds a year for {own['name']}")
    mine.fill(str(int(own["least"])))
    mine.press("Tab")
    expect(vcse.locator("#state")).to_contain_text("Saved")
    vcse.reload()
    expect(vcse.get_by_label(f"Our pounds a year for {own['name']}")).to_have_value(
        str(int(own["least"]))
    )
    assert len(served.room.tokens) == 3  # the reload kept its token: still one device
    for page in pages.values():
        page.get_by_role("button", name="We are ready").click()
    expect(host.locator("#teams")).to_contain_text("Ready ✓")
    expect(host.locator("#teams tr", has_text="Ready ✓")).to_have_count(3)
    expect(council.locator("#preview")).to_contain_text("against doing nothing")
    shot(council, "team-laptop")
    shot(vcse, "team-phone")
    shot(host, "host")
    host.get_by_role("button", name="Briefing").click()
    expect(board.locator("#view")).to_contain_text("round 1 of 3")
    shot(board, "board-briefing")
    host.get_by_role("button", name="Simulate the round").click()
    expect(host.locator("#round")).to_contain_text("Round 2 of 3", timeout=120_000)
    expect(board.locator("#round")).to_contain_text("Round 2 of 3")
    expect(board.locator(".network svg")).to_be_visible()
    shot(board, "board-network")
    host.get_by_role("button", name="Dashboard").click()
    expect(board.locator(".cards .card")).to_have_count(3)
    expect(board.locator(".cards")).to_contain_text("against doing nothing")
    shot(board, "board-dashboard")
    report = served.session.live.reports[0]
    funded = {a.intervention: a for a in report.allocations}
    assert funded[shared["id"]].partnership and set(funded[shared["id"]].pounds) == {
        "council",
        "health",
    }
    assert own["id"] in funded
    # carried over into round 2 on every team page, as in the window
    expect(council.get_by_label(f"Our pounds a year for {shared['name']}")).to_have_value(
        str(int(half))
    )
    host.get_by_role("button", name="Debrief", exact=True).click()
    expect(board.locator(".debrief")).to_contain_text("Debrief after 1 round")
    shot(board, "board-debrief")
    # round 2: the timer locks the plans at 0:00 and more time opens them; an event injected
    for page in pages.values():
        page.get_by_role("button", name="Clear our plan").click()
    host.get_by_label("Minutes").fill("1")
    host.get_by_role("button", name="Start timer").click()
    expect(council.locator("#timer")).to_contain_text("1:00")
    served.session.timer_left = 0.5  # as if the minute had gone by (the host's clock runs on)
    expect(council.locator("#timer")).to_contain_text("Locked")
    expect(council.locator("#state")).to_contain_text("plans are locked")
    expect(field).to_be_disabled()
    host.get_by_role("button", name="Add time").click()
    expect(field).to_be_enabled()
    event = served.session.live.scenario.events.events[0]
    host.get_by_label("Add an event").select_option(event.id)
    host.get_by_role("button", name="Inject").click()
    expect(host.locator("#events")).to_contain_text(event.name)
    host.get_by_role("button", name="Briefing").click()
    expect(board.locator(".briefing")).to_contain_text(event.name)
    host.get_by_role("button", name="Simulate the round").click()
    expect(host.locator("#round")).to_contain_text("Round 3 of 3", timeout=120_000)
    assert event.id in [e.event for e in served.session.live.reports[1].events]
    # undone, played again, then the last round: the board ends on the debrief
    host.get_by_role("button", name="Undo the last round").click()
    expect(host.locator("#round")).to_contain_text("Round 2 of 3", timeout=120_000)
    assert len(served.session.live.reports) == 1
    for after in ("Round 3 of 3", "The game is over"):
        host.get_by_role("button", name="Simulate the round").click()
        expect(host.locator("#round")).to_contain_text(after, timeout=120_000)
    expect(host.get_by_role("button", name="Simulate the round")).to_be_disabled()
    expect(board.locator(".debrief")).to_contain_text("Debrief after 3 rounds")
    expect(council.locator("#round")).to_contain_text("The game is over")
    for page in (host, board, *pages.values()):
        assert page.errors == [], page.errors


def _axe(browser: Any, url: str, width: int) -> list[dict[str, Any]]:
    if not AXE.exists():
        _missing(f"axe-core is not installed at {AXE} (npm install --prefix .ci/node axe-core)")
    page = open_page(browser, url, width, 900, bypass_csp=True)  # to inject axe-core
    page.wait_for_selector("main button")
    page.wait_for_timeout(500)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document)")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    page.context.close()
    return bad


@pytest.mark.parametrize("width", [375, 1280])
def test_team_page_has_no_serious_accessibility_violations(
    browser: Any, served: Served, width: int
) -> None:
    bad = _axe(browser, team_url(served, "health"), width)
    assert bad == [], [(v["id"], v["help"], len(v["nodes"])) for v in bad]


def test_host_page_has_no_serious_accessibility_violations(browser: Any, served: Served) -> None:
    url = f"{served.base}/host?room={served.room.room_code}&host={served.room.host_code}"
    bad = _axe(browser, url, 1400)
    assert bad == [], [(v["id"], v["help"], len(v["nodes"])) for v in bad]


LABELLED = """() => [...document.querySelectorAll('input, select, button')].filter((el) => {
  const label = el.labels && el.labels.length ? el.labels[0].textContent.trim() : '';
  const name = label || el.getAttribute('aria-label') || el.textContent.trim();
  return !name;
}).map((el) => el.id || el.outerHTML.slice(0, 80))"""

FOCUSABLE = """() => [...document.querySelectorAll(
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled])')]
  .filter((el) => el.offsetParent !== null).map((el) => el.id || el.textContent.trim())"""


@pytest.mark.parametrize("page_name", ["team", "host"])
def test_every_control_is_labelled_and_tab_order_follows_the_page(
    browser: Any, served: Served, page_name: str
) -> None:
    url = (
        team_url(served, "council")
        if page_name == "team"
        else f"{served.base}/host?room={served.room.room_code}&host={served.room.host_code}"
    )
    page = open_page(browser, url, 375 if page_name == "team" else 1400)
    page.wait_for_selector("main button")
    page.wait_for_timeout(500)
    assert page.evaluate(LABELLED) == []
    order = page.evaluate(FOCUSABLE)[:25]
    tabbed = []
    for _ in order:
        page.keyboard.press("Tab")
        tabbed.append(
            page.evaluate(
                "() => document.activeElement.id || document.activeElement.textContent.trim()"
            )
        )
    assert tabbed == order
    page.context.close()
