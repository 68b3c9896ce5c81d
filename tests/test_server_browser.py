"""The dashboard in a real browser: Playwright driving Debian's Chromium against `newsevents serve`
on a free localhost port and a store built from the demo corpus.

Skipped, with the reason, where Playwright or Chromium (/usr/bin/chromium, or $NEWSEVENTS_CHROMIUM) is
missing.  Screenshots go to $NEWSEVENTS_SCREENSHOTS when set (the README's come from `docs/`)."""

import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NEWSEVENTS_CHROMIUM", "/usr/bin/chromium")
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)", allow_module_level=True)

from server_support import XSS_TEXT, XSS_TITLE, build_store  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from newsevents.server import Settings, create_app

    db = build_store(tmp_path_factory.mktemp("browser"))
    port = _free_port()
    app = create_app(Settings(db=db, allowed_hosts=["127.0.0.1", "localhost"]))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    else:
        pytest.fail("server did not start")
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    d = os.environ.get("NEWSEVENTS_SCREENSHOTS")
    path = Path(d) if d else tmp_path_factory.mktemp("shots")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Watch:
    """What a page did that it must not: dialogs (alert), console errors (CSP refusals), requests off the host."""

    def __init__(self, page, base: str) -> None:
        self.dialogs, self.errors, self.outside = [], [], []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r):
            if r.request.url.startswith(base + "/"):
                r.continue_()
            else:
                self.outside.append(r.request.url)
                r.abort()

        page.route("**/*", route)

    def clean(self) -> None:
        assert not self.dialogs, self.dialogs
        assert not self.errors, self.errors
        assert not self.outside, self.outside


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    pg.watch = Watch(pg, server)
    yield pg
    ctx.close()


def test_dyad_chart_click_period_shows_events(page, server, shots):
    page.goto(server + "/#dyads")
    page.wait_for_selector("#dyad-pick option[value='JPN,KOR']", state="attached")
    page.select_option("#dyad-pick", "JPN,KOR")
    page.wait_for_function("() => document.querySelector('#dyad-status').textContent.startsWith('JPN')")
    periods = page.locator("#dyad-chart .period")
    assert periods.count() >= 2
    assert page.locator("#dyad-chart .bar-conf").count() == periods.count()
    assert page.locator("#dyad-chart polyline.idx-line").count() == 1
    # April has no JPN-KOR events: drawn as an empty period, with no index point, and listed as empty
    empty = page.locator("#dyad-chart .period[data-period='2024-04-01']")
    assert empty.count() == 1 and page.locator("#dyad-chart .idx-dot").count() == periods.count() - 1
    assert "2024-05" in page.locator("#dyad-chart text.tick").all_text_contents()
    empty.click()
    page.wait_for_function("() => document.querySelector('#period-events').textContent.includes('No events')")
    page.locator("#dyad-chart .period[data-period='2024-05-01']").click()
    rows = page.locator("#period-events tbody tr")
    rows.first.wait_for()
    assert "2024-05-01" in page.inner_text("#period-title")
    assert "ACCUSE" in page.inner_text("#period-events")
    page.screenshot(path=str(shots / "dashboard_dyad.png"), full_page=True)
    rows.first.click()
    page.wait_for_selector("#detail mark.hl-trigger")
    assert page.inner_text("#detail mark.hl-trigger").strip() in ("accused", "protested")
    page.watch.clean()


def test_event_table_filters_and_evidence_highlight(page, server, shots):
    page.goto(server + "/#events")
    page.wait_for_function("() => /of \\d+ merged events/.test(document.querySelector('#event-status').textContent)")
    all_total = int(page.inner_text("#event-status").split(" of ")[1].split()[0])
    page.fill("#event-form input[name=actor]", "JPN")
    page.click("#event-form button[type=submit]")
    page.wait_for_function("n => { const t = document.querySelector('#event-status').textContent; "
                           "return /of \\d+ merged/.test(t) && !t.includes(`of ${n} `); }", arg=all_total)
    rows = page.locator("#event-table tbody tr")
    assert 0 < rows.count() < all_total
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        assert "JPN" in cells.nth(1).inner_text() + cells.nth(4).inner_text()
    page.fill("#event-form input[name=q]", "met")
    page.click("#event-form button[type=submit]")
    page.wait_for_function("() => document.querySelectorAll('#event-table tbody tr').length === 1")
    rows.first.click()
    page.wait_for_selector("#detail .evidence mark.hl-source")
    ev = page.locator("#detail .evidence").first
    assert ev.locator("mark.hl-source").inner_text() == "Japanese Prime Minister Fumio Kishida"
    assert ev.locator("mark.hl-trigger").inner_text() == "met"
    assert ev.locator("mark.hl-target").inner_text() == "South Korean President Yoon Suk Yeol"
    assert ev.inner_text().startswith("Japanese Prime Minister Fumio Kishida met South Korean President")
    page.screenshot(path=str(shots / "dashboard_events.png"), full_page=True)
    page.watch.clean()


def test_xss_in_stored_article_shows_as_text(page, server):
    page.goto(server + "/#events")
    page.wait_for_selector("#event-table tbody tr")
    page.fill("#event-form input[name=q]", "<script>")
    page.check("#event-form input[name=raw]")
    page.click("#event-form button[type=submit]")
    page.wait_for_function("() => document.querySelector('#event-status').textContent.includes('reports')")
    row = page.locator("#event-table tbody tr").first
    assert "<script>alert(1)</script>" in row.inner_text()
    row.click()
    page.wait_for_selector("#detail .evidence mark.hl-trigger")
    detail = page.inner_text("#detail")
    assert XSS_TITLE in detail and "<b>wire</b>" in detail
    assert page.inner_text("#detail .evidence").strip() == XSS_TEXT
    assert page.locator("img, script:not([src]), b, #detail a[href^='javascript']").count() == 0
    page.wait_for_timeout(300)
    page.watch.clean()


def test_code_this_text_marks_events_inline(page, server, shots):
    page.goto(server + "/#code")
    text = "Japan accused South Korea of violating the fisheries agreement. " + XSS_TEXT
    page.fill("#code-text", text)
    page.fill("#code-date", "2024-05-10")
    page.click("#code-form button[type=submit]")
    page.wait_for_selector("#code-marked mark.hl-trigger")
    assert page.inner_text("#code-marked").strip() == text
    triggers = page.locator("#code-marked mark.hl-trigger").all_inner_texts()
    assert "accused" in triggers and "attacked" in triggers
    assert "Japan" in page.locator("#code-marked mark.hl-source").all_inner_texts()
    assert page.locator("#code-events tbody tr").count() >= 2
    assert page.locator("img").count() == 0
    page.screenshot(path=str(shots / "dashboard_code.png"), full_page=True)
    page.fill("#code-text", "x" * 200_500)
    page.click("#code-form button[type=submit]")
    page.wait_for_function("() => document.querySelector('#code-status').classList.contains('error')")
    assert "larger than" in page.inner_text("#code-status")
    page.watch.errors = [e for e in page.watch.errors if "413" not in e]  # the refused request is logged
    page.watch.clean()


def test_actor_page_and_map(page, server, shots):
    page.goto(server + "/#actors")
    page.fill("#actor-q", "korea")
    page.click("#actor-form button[type=submit]")
    page.locator("#actor-results tbody tr", has_text="PRK").first.click()
    page.wait_for_selector("#actor-partners tbody tr")
    assert page.inner_text("#actor-title") == "Actor PRK"
    assert "KOR" in page.inner_text("#actor-partners")
    page.goto(server + "/#map")
    page.wait_for_selector("#map circle.dot")
    assert page.locator("#map polygon.country").count() > 100
    assert "located events" in page.inner_text("#map-status")
    page.screenshot(path=str(shots / "dashboard_map.png"))
    page.locator("#map circle.dot").first.click(force=True)
    page.wait_for_selector("#detail .evidence")
    page.watch.clean()


def test_readable_at_390px(browser, server, shots):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = ctx.new_page()
    watch = Watch(page, server)
    try:
        for view in ("dyads", "events", "code"):
            page.goto(f"{server}/#{view}")
            page.wait_for_load_state("networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (view, width)
        page.goto(server + "/#events")
        page.wait_for_selector("#event-table tbody tr")
        page.screenshot(path=str(shots / "dashboard_events_390.png"))
        watch.clean()
    finally:
        ctx.close()


def test_docs_page_renders_openapi(page, server):
    page.goto(server + "/docs")
    page.wait_for_selector("section.endpoint")
    assert "GET /api/events" in page.inner_text("main")
    assert "POST /api/ingest" in page.inner_text("main")
    page.watch.clean()
