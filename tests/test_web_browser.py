"""The web app in a real browser: Debian's chromium driven by Playwright (never a
downloaded browser). Every page loads without console errors; the timeline leads to a
happening, its evidence and the document with the sentence marked; article markup
posted through the API shows as text."""
from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run "
                "installs it", allow_module_level=True)
pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright "
                               "(the Python driver; the browser is Debian's chromium)")

from sitroom import api  # noqa: E402
from sitroom.web import create_app  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
OUT = Path(__file__).resolve().parents[1] / "test-output" / "web"
TOKEN = "browser-test-write-token"
PAGES = {"situation": "/", "timeline": "/timeline", "actors": "/actors",
         "documents": "/documents", "map": "/map", "network": "/network",
         "search": "/search?q=border", "actor": "/actors/A1", "happening": "/happenings/E1",
         "api-index": "/api"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, pipeline):
    import uvicorn
    d = tmp_path_factory.mktemp("webbrowser")
    api.demo(d / "demo.db", html=d / "r.html", md=d / "r.md", pipeline=pipeline)
    app = create_app(d / "demo.db", write_token=TOKEN, pipeline=pipeline)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield {"base": f"http://127.0.0.1:{port}", "db": d / "demo.db"}
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    pw = sync_api.sync_playwright().start()
    b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield b
    b.close()
    pw.stop()


@pytest.fixture
def page(browser):
    """A page that records console errors and uncaught exceptions in ``page.errors``."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    p = ctx.new_page()
    p.errors = []
    p.on("console", lambda m: p.errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: p.errors.append(str(e)))
    yield p
    ctx.close()


def _shot(page, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / f"{name}.png"), full_page=True)


def test_console_errors_are_seen(server, page):
    # Guards the other tests: an inline script breaks the Content-Security-Policy, and
    # the browser says so on the console.
    page.goto(server["base"] + "/")
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.x = 1'; document.body.append(s); }""")
    page.wait_for_timeout(100)
    assert any("Content Security Policy" in e for e in page.errors)
    assert page.evaluate("window.x") is None


@pytest.mark.parametrize("name", list(PAGES))
def test_page_loads_without_console_errors(server, page, name):
    resp = page.goto(server["base"] + PAGES[name])
    assert resp.status == 200
    page.wait_for_load_state("networkidle")
    _shot(page, name)
    assert page.errors == []
    if name != "api-index":
        assert page.locator("header.top nav a.on").count() == 1
    if name in ("map", "network"):
        assert page.locator("main svg circle").count() >= 3
    if name == "situation":
        assert page.locator("article.series svg.chart").count() >= 1


def test_timeline_to_happening_to_evidence_to_document(server, page):
    page.goto(server["base"] + "/timeline")
    first = page.locator("ol.timeline li.happening a.hap").first
    what = first.inner_text()
    first.click()
    page.wait_for_url("**/happenings/E*")
    assert page.locator("h1").inner_text().split()[0] in what
    sentence = page.locator("ol.evidence-list blockquote").first.inner_text()
    page.locator("ol.evidence-list a.ev").first.click()
    page.wait_for_url("**/documents/**")
    page.wait_for_load_state("networkidle")
    _shot(page, "document-from-evidence")
    focus = page.locator(".doc-text .focus")
    assert focus.count() >= 1
    marked = "".join(focus.all_inner_texts())
    assert " ".join(marked.split()) == " ".join(sentence.split())
    # Every layer the document has is highlighted, in the legend's colours.
    for layer in ("event", "actor", "place", "date"):
        assert page.locator(f".doc-text .hl.l-{layer}").count() >= 1, layer
    # Hovering a mark names what it is.
    assert page.locator(".doc-text .hl.l-event").first.get_attribute("title").split()[0].isupper()
    event_bg = page.locator(".doc-text .hl.l-event").first.evaluate(
        "el => getComputedStyle(el).backgroundColor")
    assert event_bg == "rgb(246, 198, 193)"
    # Clicking a mark shows its record; switching a layer off removes its colour.
    page.locator(".doc-text .hl.l-event").first.click()
    assert page.locator("#panel li.l-event").count() >= 1
    page.locator("#legend input[data-layer=event]").uncheck()
    bg = page.locator(".doc-text .hl.l-event").first.evaluate(
        "el => getComputedStyle(el).backgroundColor")
    assert bg != event_bg
    # The removed boilerplate is there on demand.
    removed = page.locator("details#removed")
    if removed.count():
        assert not removed.locator("ul").is_visible()
        removed.locator("summary").click()
        assert removed.locator("ul").is_visible()
    assert page.errors == []


def test_posted_markup_renders_as_text(server, page):
    import httpx
    evil_title = "<script>window.pwned=1</script> Gate <img src=x onerror=\"window.pwned=2\">"
    quote = "Nobody passes <img src=x onerror=\"window.pwned=3\"> <script>window.pwned=4</script> today"
    art = {"title": evil_title, "source": "Frontier Courier", "published": "2021-11-22",
           "text": "Guards closed the gate at the Kuznica crossing on Monday.\n\n"
                   f"\"{quote},\" the commander of the border guard said on Monday."}
    r = httpx.post(server["base"] + "/api/documents", content=json.dumps(art),
                   headers={"content-type": "application/json",
                            "authorization": f"Bearer {TOKEN}"}, timeout=60)
    assert r.status_code == 200, r.text
    doc_id = r.json()["ids"][0]
    page.goto(server["base"] + f"/documents/{doc_id}")
    page.wait_for_load_state("networkidle")
    _shot(page, "posted-markup")
    assert page.locator("h1.doc-title").inner_text() == evil_title
    assert quote in page.locator(".doc-text").inner_text()
    assert page.locator("main img").count() == 0 and page.locator("main script").count() == 0
    # The quote was extracted, and its record shows the markup as text too.
    quotes = page.locator("ul.records li.l-quote")
    assert quotes.count() >= 1 and "<img" in quotes.first.inner_text()
    page.goto(server["base"] + "/search?q=nobody+passes")
    assert "<script>" in page.locator("ol.results").inner_text()
    page.goto(server["base"] + "/documents")
    assert evil_title in page.locator("main table").inner_text()
    assert page.evaluate("window.pwned") is None
    assert page.errors == []
