"""The web app and its JSON API through FastAPI's test client, on the demo corpus."""
from __future__ import annotations

import json
import math
import shutil

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
from fastapi.testclient import TestClient  # noqa: E402

from sitroom import api  # noqa: E402
from sitroom.situation import views  # noqa: E402
from sitroom.web import create_app  # noqa: E402

TOKEN = "a-long-enough-write-token"
PAGES = ["/", "/timeline", "/actors", "/documents", "/map", "/network", "/search?q=border"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, pipeline):
    d = tmp_path_factory.mktemp("webdemo")
    api.demo(d / "demo.db", html=d / "r.html", md=d / "r.md", pipeline=pipeline)
    return d / "demo.db"


@pytest.fixture(scope="module")
def client(demo_db):
    return TestClient(create_app(demo_db))


@pytest.fixture
def writable(demo_db, tmp_path, pipeline):
    """A client on a copy of the demo database that accepts documents with TOKEN."""
    db = tmp_path / "w.db"
    shutil.copy(demo_db, db)
    return TestClient(create_app(db, write_token=TOKEN, pipeline=pipeline, max_body=20_000))


def _all(client, url, key):
    out, page = [], 1
    sep = "&" if "?" in url else "?"
    while True:
        body = client.get(f"{url}{sep}page={page}&per_page=7").json()[key]
        out += body["items"]
        if page >= body["pages"]:
            return out, body
        page += 1


def test_every_page_renders_with_security_headers(client):
    for url in PAGES:
        r = client.get(url)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html")
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        # Our own assets only: no address outside the app is loaded.
        assert "src=\"http" not in r.text and "href=\"//" not in r.text


def test_api_answers_the_same_happenings_as_the_cli(client, demo_db):
    sit = api.situation(demo_db)
    cli_rows = views.timeline_rows(sit)
    rows, body = _all(client, "/api/happenings", "happenings")
    assert body["total"] == len(cli_rows) == len(sit.events) > 5
    assert [(r["id"], r["type"], r["date"], r["n_documents"]) for r in rows] == \
        [(r["id"], r["type"], r["date"], r["n_documents"]) for r in cli_rows]
    counts = client.get("/api/counts").json()
    assert counts["store"] == api.counts(demo_db)
    assert counts["situation"]["merged_events"] == len(sit.events)
    assert counts["situation"]["figure_series"] == len(sit.series)
    # A story: the timeline the CLI prints for it.
    story = sit.stories[0].id
    cli_story = views.timeline_rows(api.situation(demo_db, story=story))
    rows, _ = _all(client, f"/api/happenings?story={story}", "happenings")
    assert [r["id"] for r in rows] == [r["id"] for r in cli_story]
    # A date range: the timeline the CLI prints with --from and --to.
    cli_range = views.timeline_rows(api.situation(demo_db, date_from="2021-11-12",
                                                  date_to="2021-11-18"))
    rows, _ = _all(client, "/api/happenings?date_from=2021-11-12&date_to=2021-11-18",
                   "happenings")
    assert 0 < len(rows) < len(sit.events)
    assert [r["id"] for r in rows] == [r["id"] for r in cli_range]


def test_paging_and_filters(client, demo_db):
    total = client.get("/api/happenings").json()["happenings"]["total"]
    page = client.get("/api/happenings?per_page=3&page=2").json()["happenings"]
    assert len(page["items"]) == 3 and page["pages"] == math.ceil(total / 3)
    beyond = client.get(f"/api/happenings?per_page=3&page={page['pages'] + 1}").json()
    assert beyond["happenings"]["items"] == []
    sanctions = client.get("/api/happenings?type=sanction&per_page=200").json()["happenings"]
    assert sanctions["total"] >= 1 and {e["type"] for e in sanctions["items"]} == {"SANCTION"}
    dated = client.get("/api/happenings?date_from=2021-11-15&date_to=2021-11-16&per_page=200")
    days = [e["date"] or e["first_reported"] for e in dated.json()["happenings"]["items"]]
    # A coarser date (a month, a year) is kept when it overlaps the range.
    assert days and all("2021-11-15"[:len(d)] <= d[:10] <= "2021-11-16"[:len(d)] for d in days)
    assert any(len(d) == 10 for d in days)
    # Filters live in the query string: the page shows the same selection.
    html = client.get("/timeline?type=SANCTION").text
    assert html.count('class="happening"') == min(sanctions["total"], 50)
    events = client.get("/api/events?type=SANCTION&per_page=200").json()["events"]
    assert events["total"] == sum(1 for e in api.query("events", demo_db) if e["type"] == "SANCTION")
    doc = api.documents(demo_db)[0]["id"]
    quotes = client.get(f"/api/quotes?doc_id={doc}&per_page=200").json()["quotes"]
    assert quotes["total"] == len(api.query("quotes", demo_db, doc_id=doc))


@pytest.mark.parametrize("url, words", [
    ("/api/happenings?per_page=500", "per_page"),
    ("/api/happenings?page=abc", "page"),
    ("/api/happenings?date_from=2021-02-30", "YYYY-MM-DD"),
    ("/api/happenings?type=DANCE", "PLOVER"),
    ("/api/happenings?status=rumoured", "occurred"),
    ("/api/happenings?story=no-such-story", "no single story"),
    ("/api/documents/zz..zz", "pattern"),
    ("/api/documents/abcdef12", "no document"),
    ("/api/happenings/E99999", "no happening"),
    ("/api/actors/A99999", "no actor"),
    ("/api/figures?category=%3Cscript%3E", "category"),
])
def test_bad_parameters_get_a_clear_4xx(client, url, words):
    r = client.get(url)
    assert 400 <= r.status_code < 500
    assert words in r.json()["detail"]


def test_no_path_traversal(client):
    for url in ["/documents/..%2F..%2Fetc%2Fpasswd", "/static/..%2Fapp.py", "/static/../app.py",
                "/api/documents/%2e%2e%2f%2e%2e", "/documents/....//....//etc"]:
        r = client.get(url)
        assert 400 <= r.status_code < 500, url
        assert "create_app" not in r.text and "root:" not in r.text
    # The bad value is shown as text on the error page, escaped.
    r = client.get("/timeline?date_from=%3Cb%3Ex")
    assert r.status_code == 422 and "<b>x" not in r.text


def test_document_page_marks_every_layer(client, demo_db):
    doc_id = api.documents(demo_db)[0]["id"]
    doc = api.document(doc_id, demo_db)
    html = client.get(f"/documents/{doc_id[:8]}").text
    for layer in ("event", "quote", "figure", "actor", "place", "date"):
        n = len(getattr(doc, layer + "s"))
        if n:
            assert f"hl l-{layer}" in html or f" l-{layer}" in html, layer
            assert html.count(f'class="rec l-{layer}"') == n
    assert 'id="legend"' in html
    if doc.removed:
        assert 'id="removed"' in html and doc.removed[0].text.split()[0] in html
    # Evidence links focus their sentence.
    e = doc.events[0]
    focused = client.get(f"/documents/{doc_id}?at={e.sentence.start}-{e.sentence.end}").text
    assert 'id="focus"' in focused
    assert client.get(f"/api/documents/{doc_id}").json()["clean_text"] == doc.clean_text


def test_actor_profile(client, demo_db):
    sit = api.situation(demo_db)
    busiest = max(sit.actors, key=lambda a: sum(a.id in e.source + e.target for e in sit.events))
    prof = client.get(f"/api/actors/{busiest.id}").json()
    assert prof["name"] == busiest.name and prof["kind"] == busiest.kind
    n_src = sum(busiest.id in e.source for e in sit.events)
    assert sum(len(v) for v in prof["as_source"].values()) == n_src
    assert client.get(f"/actors/{busiest.id}").status_code == 200


def test_places_keep_the_unresolved(client, demo_db):
    body = client.get("/api/places?per_page=200").json()
    unresolved = {r["name"] for r in api.query("places", demo_db) if r["lat"] is None}
    assert {r["name"] for r in body["unresolved"]["items"]} == unresolved
    assert body["points"]["total"] == len(api.situation(demo_db).places)


def test_search_pages_and_links(client):
    r = client.get("/api/search?q=border&per_page=2").json()
    assert len(r["results"]["items"]) == 2 and r["more"]
    html = client.get("/search?q=border").text
    assert "<mark>border</mark>" in html.lower() and "/documents/" in html
    assert client.get("/api/search?q=%22unbalanced").status_code == 200


def test_ingest_needs_the_token(client, writable):
    body = "Officials said the crossing at the border would reopen on Monday morning."
    assert client.post("/api/documents", content=body,
                       headers={"content-type": "text/plain"}).status_code == 403
    r = writable.post("/api/documents", content=body, headers={"content-type": "text/plain"})
    assert r.status_code == 401 and "token" in r.json()["detail"]
    r = writable.post("/api/documents", content=body, headers={
        "content-type": "text/plain", "authorization": "Bearer wrong-token-of-the-same-size"})
    assert r.status_code == 401


def test_ingest_token_is_compared_in_constant_time(writable, monkeypatch):
    import hmac

    from sitroom.web import ingest_routes
    calls, real = [], hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)
    monkeypatch.setattr(ingest_routes.hmac, "compare_digest", spy)
    writable.post("/api/documents", content="x", headers={"content-type": "text/plain",
                                                          "authorization": "Bearer nope"})
    assert calls == [(b"nope", TOKEN.encode())]


def test_ingest_limits(writable):
    auth = {"authorization": f"Bearer {TOKEN}"}
    r = writable.post("/api/documents", content="word " * 5000,
                      headers={**auth, "content-type": "text/plain"})
    assert r.status_code == 413 and "limit" in r.json()["detail"]
    r = writable.post("/api/documents", content=b"%PDF-1.4 binary",
                      headers={**auth, "content-type": "text/plain"})
    assert r.status_code == 400 and "PDF" in r.json()["detail"]
    r = writable.post("/api/documents", content="x", headers={**auth, "content-type": "image/png"})
    assert r.status_code == 415


def test_ingest_jsonl_reports_each_item_and_pages_update_at_once(writable):
    auth = {"authorization": f"Bearer {TOKEN}"}
    before = writable.get("/api/counts").json()
    lines = [
        json.dumps({"title": "Ferry service resumes", "source": "Harbour Gazette",
                    "published": "2021-11-20",
                    "text": "The ferry between Klaipeda and Kiel resumed service on Friday. "
                            "\"We are glad to sail again,\" the harbour master said on Friday."}),
        "{not json",
        json.dumps({"title": "Empty"}),
    ]
    r = writable.post("/api/documents", content="\n".join(lines),
                      headers={**auth, "content-type": "application/x-ndjson"})
    assert r.status_code == 200
    res = r.json()
    assert [i["status"] for i in res["items"]] == ["stored", "failed", "failed"]
    assert "malformed JSON" in res["items"][1]["reason"]
    assert res["stored"] == 1 and res["ids"] == [res["items"][0]["id"]]
    after = writable.get("/api/counts").json()
    assert after["store"]["documents"] == before["store"]["documents"] + 1
    doc_id = res["ids"][0]
    listed = writable.get("/api/documents?source=Harbour%20Gazette").json()["documents"]
    assert [d["id"] for d in listed["items"]] == [doc_id]
    assert "Ferry service resumes" in writable.get("/documents").text
    # The same text again is unchanged, not stored twice.
    again = writable.post("/api/documents", content=lines[0],
                          headers={**auth, "content-type": "application/x-ndjson"}).json()
    assert again["items"][0]["status"] in ("unchanged", "copy") and again["stored"] == 0


def test_ingest_copy_from_another_outlet_shows_on_the_document(writable, demo_db):
    auth = {"authorization": f"Bearer {TOKEN}"}
    doc = api.document(api.documents(demo_db)[0]["id"], demo_db)
    text = doc.text.replace("\n\n", "\n\nUpdated.\n\n", 1)
    r = writable.post("/api/documents", content=text,
                      params={"source": "Second Outlet", "url": "https://example.org/copy"},
                      headers={**auth, "content-type": "text/plain"}).json()
    assert r["items"][0]["status"] == "copy" and r["items"][0]["copy_of"] == doc.id
    page = writable.get(f"/documents/{doc.id}").text
    assert "Second Outlet" in page and 'href="https://example.org/copy"' in page


def test_ingest_in_the_worker_process(demo_db, tmp_path):
    # Without a pipeline given, posted documents are processed by the default pipeline in
    # a worker process; the server answers with them stored.
    db = tmp_path / "worker.db"
    shutil.copy(demo_db, db)
    text = ("Lithuanian border guards turned back 40 migrants near Medininkai on Sunday, the "
            "interior ministry said. \"The fence works,\" the minister told reporters.")
    with TestClient(create_app(db, write_token=TOKEN)) as c:
        r = c.post("/api/documents", content=text, params={"published": "2021-11-21"},
                   headers={"content-type": "text/plain", "authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 200, r.text
        doc_id = r.json()["ids"][0]
        assert c.get(f"/api/documents/{doc_id}").json()["published"] == "2021-11-21"
        quotes = c.get(f"/api/quotes?doc_id={doc_id}").json()["quotes"]["items"]
        assert "The fence works" in [q["text"] for q in quotes]
        worker = c.app.state.worker
    assert worker._pool is None       # stopped with the app


def test_article_markup_is_escaped(writable):
    auth = {"authorization": f"Bearer {TOKEN}"}
    evil = {"title": "<script>alert(1)</script> Border <img src=x onerror=alert(2)>",
            "source": "<b>Outlet</b>", "url": "javascript:alert(3)",
            "text": "Guards closed the gate at the crossing on Monday. \"Nobody passes "
                    "<script>alert(4)</script> today,\" the commander said."}
    r = writable.post("/api/documents", content=json.dumps(evil),
                      headers={**auth, "content-type": "application/json"}).json()
    doc_id = r["ids"][0]
    for url in [f"/documents/{doc_id}", "/documents", "/search?q=nobody"]:
        html = writable.get(url).text
        assert "<script>alert" not in html and "<img src=x" not in html, url
        assert "&lt;script&gt;alert(" in html, url
    assert 'href="javascript:' not in writable.get(f"/documents/{doc_id}").text


def test_happening_reports_and_stories_are_paged(client, demo_db):
    sit = api.situation(demo_db)
    busiest = max(sit.events, key=lambda e: len(e.mentions))
    body = client.get(f"/api/happenings/{busiest.id}?per_page=1&page=2").json()
    assert body["mentions"]["total"] == len(busiest.mentions) >= 2
    assert body["mentions"]["items"][0]["doc_id"] == busiest.mentions[1].doc_id
    stories = client.get("/api/situation").json()["stories"]
    assert stories["total"] == len(sit.stories)


def test_long_lists_are_paged(tmp_path, light):
    from sitroom.records import Document
    db = tmp_path / "many.db"
    docs = [Document.from_text(f"Report {i}: the council of ward {i} met in Vilnius today.",
                               title=f"Report {i}", published="2021-11-20") for i in range(230)]
    with api.open_store(db) as store:
        assert api.ingest_documents(store, docs, pipeline=light).stored == 230
    c = TestClient(create_app(db))
    first = c.get("/documents").text
    assert first.count("<tr><td") == 50 and "page 1 of 5" in first
    last = c.get("/documents?page=5").text
    assert last.count("<tr><td") == 30 and 'rel="next"' not in last
    hits = c.get("/search?q=council").text
    assert hits.count("<li><blockquote>") == 50 and 'rel="next"' in hits
    assert c.get("/api/documents?per_page=200").json()["documents"]["pages"] == 2


def test_serve_command(tmp_path, monkeypatch, demo_db):
    from click.testing import CliRunner

    from sitroom.cli import cli
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SITROOM_WRITE_TOKEN", raising=False)
    r = CliRunner().invoke(cli, ["serve"])
    assert r.exit_code != 0 and "make demo" in r.output
    # After `make demo`, the demo database is the default.
    shutil.copy(demo_db, tmp_path / "demo.db")
    seen = {}
    monkeypatch.setattr("uvicorn.run", lambda app, host, port, **kw: seen.update(
        app=app, host=host, port=port))
    r = CliRunner().invoke(cli, ["serve", "--port", "8766"])
    assert r.exit_code == 0, r.output
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8766) and "read-only" in r.output
    assert TestClient(seen["app"]).get("/api/counts").json()["store"] == api.counts(demo_db)
    r = CliRunner().invoke(cli, ["serve", "--write-token", "short"])
    assert r.exit_code != 0 and "too short" in r.output
    (tmp_path / "notes.db").write_text("not a database at all, just some words " * 50)
    r = CliRunner().invoke(cli, ["serve", "--db", "notes.db"])
    assert r.exit_code == 2 and "not a usable sitroom database" in r.output


# -- a property-based run over the OpenAPI spec: no request makes the API answer 500 -------
def test_api_never_answers_500(demo_db):
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis import GenerationMode

    schema = schemathesis.openapi.from_asgi("/api/openapi.json",
                                            create_app(demo_db, write_token=TOKEN))
    seen: set[str] = set()
    for result in schema.get_all_operations():
        op = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @given(case=op.as_strategy(generation_mode=mode))
            @settings(max_examples=12, deadline=None, database=None, derandomize=True,
                      phases=[Phase.explicit, Phase.generate],
                      suppress_health_check=list(HealthCheck))
            def run(case):
                response = case.call()
                seen.add(f"{case.method} {case.operation.path}")
                assert response.status_code < 500, \
                    f"{case.method} {case.formatted_path} {case.query} -> {response.status_code}"
            try:
                run()
            except Unsatisfiable:      # no parameter to get wrong (e.g. /api/counts)
                assert mode == GenerationMode.NEGATIVE
    assert len(seen) == len(list(schema.get_all_operations())) >= 18
