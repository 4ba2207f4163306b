"""Cleaning: boilerplate, credits, embedded posts kept once, paragraphs, dating."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from sitroom.clean import classify, clean
from sitroom.demo import demo_paths
from sitroom.ingest import read_paths
from sitroom.clean.stage import clean_stage
from sitroom.pipeline import REGISTRY, Pipeline
from sitroom.records import Document
from sitroom.resources import Resources

FIX = Path(__file__).parent / "fixtures" / "clean"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = sorted((SHARED / "seed").glob("*.txt")) if (SHARED / "seed").is_dir() else []
GOLD = sorted((SHARED / "eval-data" / "gold").glob("*.gold.json")) \
    if (SHARED / "eval-data" / "gold").is_dir() else []

needs_seed = pytest.mark.skipif(not SEED, reason="seed article not available")


def fixture(name: str) -> str:
    return (FIX / name).read_text(encoding="utf-8")


def count(haystack: str, needle: str) -> int:
    return len(re.findall(re.escape(needle), haystack))


def assert_well_formed(text: str) -> None:
    assert "\n\n\n" not in text
    assert text == text.strip()
    for para in text.split("\n\n"):
        assert para and para == para.strip() and "  " not in para and "\n" not in para


# --- the seed ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_doc():
    if not SEED:
        pytest.skip("seed article not available")
    doc = Document.from_text(SEED[0].read_text(encoding="utf-8"))
    for k, v in clean_stage(doc, Resources()).items():
        setattr(doc, k, v)
    return doc


def _seed_gold() -> dict:
    gold = sorted((SHARED / "eval-data" / "gold").glob("*.gold.json"))
    if not gold:
        pytest.skip("seed gold annotations not available")
    return json.loads(gold[0].read_text(encoding="utf-8"))


@needs_seed
def test_seed_boilerplate_is_gone(seed_doc):
    # the seed's own gold file lists the lines that must go and the lines that must stay
    gold = _seed_gold()
    for junk in gold["boilerplate"]:
        assert junk not in seed_doc.clean_text
    assert not any(c.startswith("With ") for c in seed_doc.clean_text.split("\n"))


@needs_seed
def test_seed_keeps_the_article(seed_doc):
    gold = _seed_gold()
    for line in gold["keep"]:
        assert count(seed_doc.clean_text, line) == 1
    assert any(c.startswith("With ") for c in seed_doc.credits)
    assert_well_formed(seed_doc.clean_text)


@needs_seed
def test_seed_post_is_kept_once(seed_doc):
    posts = [p for p in seed_doc.posts if p.handle == "JosepBorrellF"]
    assert len(posts) == 1
    [post] = posts
    assert post.date == "2021-11-14"
    assert post.author == "Josep Borrell Fontelles"
    assert seed_doc.clean_text[post.span.start:post.span.end] == post.text
    assert post.text and count(seed_doc.clean_text, post.text) == 1
    # The signature line is gone; no sentence of the embed is printed twice.
    assert "(@JosepBorrellF)" not in seed_doc.clean_text
    assert any(r.kind == "post-signature" for r in seed_doc.removed)
    for sent in re.split(r"(?<=[.!?])\s+", post.text):
        assert count(seed_doc.clean_text, sent) == 1
    # The article's own quotation of the tweet stays, with its attribution.
    assert "Josep Borrell said in a tweet" in seed_doc.clean_text


@needs_seed
def test_seed_is_dated_after_cleaning(seed_doc):
    assert (seed_doc.published, seed_doc.published_source) == ("2021-11-14", "text")


def _survives(entry: str, original_lines: set[str], cleaned_lines: list[str]) -> bool:
    """The gold format's rule for whether a boilerplate entry survived cleaning."""
    if entry.strip() in original_lines:
        return any(c == entry.strip() or (len(entry) >= 16 and entry in c) for c in cleaned_lines)
    return any(entry in c for c in cleaned_lines)


@pytest.mark.skipif(not GOLD, reason="gold annotations not available")
@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.stem)
def test_gold_boilerplate_and_keep(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text_path = gold_path.parent / gold["document"]
    if not text_path.exists():
        pytest.skip("article text not available")
    text = text_path.read_text(encoding="utf-8")
    out = clean(text)
    original = {ln.strip() for ln in text.splitlines()}
    cleaned = [ln.strip() for ln in out.text.splitlines()]
    survivors = [e for e in gold.get("boilerplate", []) if _survives(e, original, cleaned)]
    assert survivors == []
    missing = [k for k in gold.get("keep", []) if k not in out.text]
    assert missing == []


# --- boilerplate patterns ------------------------------------------------------------

@pytest.mark.parametrize("line, kind", [
    ("I subscribe", "subscribe"),
    ("Sign up", "subscribe"),
    ("Subscribe to our newsletter", "newsletter"),
    ("Get our daily newsletter", "newsletter"),
    ("The summary of the week", "newsletter"),
    ("The Daily Ledger invites you to look back at the headlines that marked the month", "newsletter"),
    ("google-play-badge_DE", "badge"),
    ("app-store-badge_EN", "badge"),
    ("Download on the App Store", "badge"),
    ("Download the Daily Ledger application", "badge"),
    ("Take international news everywhere with you!", "badge"),
    (">> Read also: Ministers meet in Brussels", "crosslink"),
    ("See also: How the border was closed", "crosslink"),
    ("Read more: The mine disaster, one year on", "crosslink"),
    (">> Lire aussi : Le gouvernement recule", "crosslink"),
    ("Share on Facebook", "share"),
    ("Click to share on Twitter (Opens in new window)", "share"),
    ("Facebook Twitter Email", "share"),
    ("Share this story: Facebook | WhatsApp | Email", "share"),
    ("Follow the Harbour Gazette on Instagram", "share"),
    ("Suivez-nous sur Telegram", "share"),
    ("Subscribe to the Coastal Courier from €2 a month", "subscribe"),
    ("Sign up for the Harbour Gazette evening news briefing", "subscribe"),
    ("Get the Coastal Courier app on the App Store", "badge"),
    ("We use cookies to improve your experience on our site.", "other"),
    ("With AFP", "credit"),
    ("With AFP and Reuters", "credit"),
    ("(Reuters)", "credit"),
    ("Avec AFP", "credit"),
    ("Reporting by Jan Kowal; Editing by Anna Smith", "credit"),
    ("By Jane Doe", "credit"),
])
def test_boilerplate_lines(line, kind):
    assert classify(line) == kind


@pytest.mark.parametrize("line", [
    "Users can download the WeChat app in China, where it has a billion accounts.",
    "The newsletter was shut down by the authorities in May.",
    "Sign up for the military draft opened on Monday across the country.",
    "With Merkel gone, the coalition talks dragged on for weeks.",
    "Read the statement, the minister told reporters, before judging us.",
    "Share prices fell sharply on Tuesday.",
    "Follow the money, the prosecutor told the court.",
    "Subscribers to the paper will pay €2 a month from January.",
    "Copyright lawsuits against the platform have multiplied.",
    "Russia withdraws",
    "NATO",
    "It was a long-expected phone call.",
])
def test_real_sentences_are_not_boilerplate(line):
    assert classify(line) is None


def test_french_boilerplate():
    out = clean(fixture("french_boilerplate.txt"))
    for junk in ("Lire aussi", "À lire aussi", "Je m'abonne", "Téléchargez l'application",
                 "Le résumé de la semaine", "vous invite à revenir", "Emportez", "Partager sur",
                 "cookies", "Avec AFP"):
        assert junk not in out.text, junk
    assert out.credits == ("Avec AFP",)
    # A sentence that mentions an application is news, not a badge.
    assert "peuvent télécharger l'application de la chambre d'agriculture" in out.text
    assert out.text.startswith("LYRAC, 12 mars 2024 (AFP) - Les agriculteurs")
    assert len(out.text.split("\n\n")) == 5
    kinds = {r.kind for r in out.removed}
    assert {"crosslink", "subscribe", "badge", "newsletter", "share", "credit", "other"} <= kinds


def test_removed_lines_keep_their_line_numbers():
    text = fixture("french_boilerplate.txt")
    lines = text.split("\n")
    for r in clean(text).removed:
        assert lines[r.line - 1].strip() == r.text


def test_tail_after_credits_without_prose_is_dropped():
    text = ("Rescuers pulled two more survivors from the rubble on Thursday, officials said.\n\n"
            "The death toll rose to 41, the civil defence agency said.\n\n"
            "With Reuters\n\nMost viewed\n\nWorld\n\nThe week in pictures")
    out = clean(text)
    assert out.text.endswith("the civil defence agency said.")
    assert [r.kind for r in out.removed] == ["credit", "other", "other", "other"]


def test_tail_with_prose_after_credits_is_kept():
    text = ("Rescuers pulled two more survivors from the rubble on Thursday, officials said.\n\n"
            "The death toll rose to 41, the civil defence agency said.\n\n"
            "With Reuters\n\n"
            "This article was updated on Friday to include the latest death toll.")
    out = clean(text)
    assert out.text.endswith("to include the latest death toll.")
    assert out.credits == ("With Reuters",)


def test_hard_wrapped_lines_are_joined_and_spaces_normalised():
    text = ("The minister said the talks   would resume\non Monday in the\ncapital.\n"
            "Officials declined to comment.  \n\n\n\nA second   paragraph.\t\n")
    out = clean(text)
    assert out.text == ("The minister said the talks would resume on Monday in the capital.\n\n"
                        "Officials declined to comment.\n\nA second paragraph.")


def test_repeated_paragraph_is_kept_once():
    para = "The army said it had pushed back the attack near the river crossing overnight."
    out = clean(f"{para}\n\nOther news followed later in the day.\n\n{para}")
    assert count(out.text, para) == 1


# --- embedded posts ------------------------------------------------------------------

def test_post_with_echoes_keeps_each_sentence_once():
    out = clean(fixture("post_echo.txt"), "doc1")
    [post] = out.posts
    assert (post.author, post.handle, post.date) == ("Lena Marsh", "LenaMarshOST", "2023-05-12")
    assert post.span.doc_id == "doc1"
    assert out.text[post.span.start:post.span.end] == post.text
    assert post.text == "Met today with the ambassadors of the river states to discuss the Kessel dam."
    for sent in ("Dialogue is the only way forward.", "We ask our partners to help",
                 "Met today with the ambassadors"):
        assert count(out.text, sent) == 1, sent
    # The attributed quotation stays in the article.
    assert '"Dialogue is the only way forward. We ask our partners to help," minister Lena Marsh' in out.text
    assert "pic.twitter.com" not in out.text and "@LenaMarshOST" not in out.text
    assert out.credits == ("Reporting by Piotr Lanz; Editing by Maya Ross",)
    assert "Share on Facebook" not in out.text and "Read more" not in out.text
    assert_well_formed(out.text)


def test_reworded_echo_is_not_printed_twice():
    out = clean(fixture("post_reworded.txt"))
    [post] = out.posts
    assert post.text == "Spoke with the governors of the northern provinces about the reopening plan."
    assert post.date == "2021-09-02" and post.handle == "ArnoTeague"
    assert "The crossings must open now." not in out.text
    assert count(out.text, "Families have waited too long") == 1
    assert {r.text for r in out.removed if r.kind == "post-echo"} == {
        "Families have waited too long to see each other.", "The crossings must open now."}


def test_post_without_echo_is_its_own_paragraphs():
    text = ("Protesters gathered outside parliament on Saturday.\n\n"
            "Huge crowd in the square tonight.\n"
            "Nobody is going home. pic.twitter.com/ZZtop99\n"
            "— Kai Brenner (@kbrenner) April 3, 2022\n\n"
            "Police said the gathering was peaceful.")
    out = clean(text)
    [post] = out.posts
    assert post.text == "Huge crowd in the square tonight.\n\nNobody is going home."
    assert out.text.split("\n\n")[1:3] == ["Huge crowd in the square tonight.", "Nobody is going home."]
    assert out.post_dates == ("2022-04-03",)


def test_signature_on_the_same_line_as_the_post():
    text = ("The mayor thanked volunteers.\n\n"
            "Thank you to everyone who filled sandbags today! — Mayor Ruth Alvin (@MayorAlvin) June 9, 2024\n\n"
            "The river is expected to peak on Tuesday.")
    out = clean(text)
    [post] = out.posts
    assert post.text == "Thank you to everyone who filled sandbags today!"
    assert post.author == "Mayor Ruth Alvin" and post.date == "2024-06-09"


def test_post_fully_quoted_by_the_article_points_at_the_quotation():
    text = ('"We will rebuild every school," the governor said on Twitter.\n\n'
            "We will rebuild every school.\n"
            "— Gov. Tara Lund (@GovLund) July 1, 2022\n\n"
            "Work is due to start in August.")
    out = clean(text)
    assert count(out.text, "We will rebuild every school") == 1
    [post] = out.posts
    assert post.text == "We will rebuild every school"
    assert post.handle == "GovLund" and post.date == "2022-07-01"
    assert out.text[post.span.start:post.span.end] == post.text


def test_instagram_embed():
    text = ("The striker thanked fans after the final.\n\n"
            "View this post on Instagram\n\n"
            "What a night. Thank you all!\n"
            "A post shared by Leo Varga (@leovarga10) on Jun 12, 2022 at 11:04pm PDT\n\n"
            "He scored twice in the second half.")
    out = clean(text)
    [post] = out.posts
    assert (post.text, post.handle, post.date) == ("What a night. Thank you all!", "leovarga10", "2022-06-12")
    assert "Instagram" not in out.text and "A post shared by" not in out.text


def test_embed_header_opens_the_post():
    text = ("The striker thanked fans after the final.\n\n"
            "He was named player of the match.\n\n"
            "View this post on Instagram\n\n"
            "What a night.\n\n"
            "A post shared by Leo Varga (@leovarga10) on Jun 12, 2022\n\n"
            "He scored twice in the second half.")
    [post] = clean(text).posts
    assert post.text == "What a night."


def test_the_same_post_embedded_twice_is_kept_once():
    block = "Polls are now closed across the country.\n— Election Office (@ElectOffice) May 5, 2024\n\n"
    out = clean("Voting ended at 8 p.m.\n\n" + block + "Turnout was high.\n\n" + block)
    assert count(out.text, "Polls are now closed across the country.") == 1
    assert len(out.posts) == 1


def test_lead_and_paragraphs_naming_the_author_stay_out_of_a_post():
    text = ("The mayor thanked volunteers on Sunday.\n\n"
            "Ruth Alvin visited the levee in the morning.\n\n"
            "Thank you to everyone who filled sandbags today!\n\n"
            "— Mayor Ruth Alvin (@MayorAlvin) June 9, 2024\n\n"
            "The river is expected to peak on Tuesday.")
    [post] = clean(text).posts
    assert post.text == "Thank you to everyone who filled sandbags today!"


def test_article_prose_is_not_taken_into_a_post():
    text = ("The minister posted a message late on Sunday:\n\n"
            "Our thoughts are with the families.\n"
            "— Minister Eva Holm (@EvaHolm) March 5, 2023")
    out = clean(text)
    [post] = out.posts
    assert post.text == "Our thoughts are with the families."
    assert out.text.startswith("The minister posted a message late on Sunday:")


# --- the stage ---------------------------------------------------------------------

def test_stage_is_registered_with_its_layers():
    st_ = REGISTRY["clean"]
    assert st_.requires == ("text",)
    assert set(st_.assigns) == {"clean_text", "removed", "credits", "posts", "published", "published_source",
                                "source"}


def test_stage_keeps_metadata_date_and_dates_from_text_otherwise():
    text = "MINSK, November 9, 2021 (AFP) — Belarus denied the claims.\n\nWith AFP"
    doc = Document.from_text(text, published="2021-11-10", published_source="metadata")
    out = clean_stage(doc, Resources())
    assert (out["published"], out["published_source"]) == ("2021-11-10", "metadata")
    out = clean_stage(Document.from_text(text), Resources())
    assert (out["published"], out["published_source"]) == ("2021-11-09", "dateline")
    assert out["credits"] == ("With AFP",)
    out = clean_stage(Document.from_text("Nothing here says when."), Resources())
    assert (out["published"], out["published_source"]) == (None, None)


def test_stage_dates_from_a_post_signature_taken_out_of_the_text():
    text = "Crowds cheered as the results came in.\n\nWe won!\n— Party HQ (@PartyHQ) May 6, 2024"
    doc = Document.from_text(text)
    out = clean_stage(doc, Resources())
    assert "@PartyHQ" not in out["clean_text"]
    assert (out["published"], out["published_source"]) == ("2024-05-06", "post")


# --- publication lines and the outlet ---------------------------------------------

HEADED = ("Dockers strike at Selmar port\n\n"
          "The Harbour Gazette\n"
          "8 November 2021 · 21:05\n\n"
          "Share this article\n\n"
          "Dockworkers walked off the job at the port of Selmar on Monday, the union said.\n\n"
          "The port authority said talks would resume on Wednesday.")


def test_publication_lines_leave_the_text_and_the_headline_stays():
    out = clean(HEADED)
    assert out.text.split("\n\n") == [
        "Dockers strike at Selmar port",
        "Dockworkers walked off the job at the port of Selmar on Monday, the union said.",
        "The port authority said talks would resume on Wednesday."]
    assert [(r.kind, r.text) for r in out.removed if r.kind == "dateline-meta"] == [
        ("dateline-meta", "The Harbour Gazette"), ("dateline-meta", "8 November 2021 · 21:05")]
    out = clean("Dockers strike\n\nPublié le 8 novembre 2021 à 21h05\n\nLes dockers ont cessé le travail lundi.")
    assert out.text == "Dockers strike\n\nLes dockers ont cessé le travail lundi."


def test_wire_dateline_stays_in_the_lead():
    text = ("Dockers strike\n\nSELMAR, Nov 8 (Harbour Wire) - Dockworkers walked off the job on Monday.\n\n"
            "Updated on 9 November 2021 at 10:12")
    out = clean(text)
    assert out.text == "Dockers strike\n\nSELMAR, Nov 8 (Harbour Wire) - Dockworkers walked off the job on Monday."
    assert [r.kind for r in out.removed] == ["dateline-meta"]


def test_byline_with_its_outlet_is_a_credit():
    out = clean("By Jane Doe | Coastal Courier\n\nDockworkers walked off the job on Monday, the union said.")
    assert out.credits == ("By Jane Doe | Coastal Courier",)
    assert out.text == "Dockworkers walked off the job on Monday, the union said."


def _stage(text: str, **meta) -> dict:
    return clean_stage(Document.from_text(text, **meta), Resources())


def test_stage_dates_and_names_the_outlet_from_removed_lines():
    out = _stage(HEADED)
    assert (out["published"], out["published_source"], out["source"]) == \
        ("2021-11-08", "dateline", "The Harbour Gazette")
    assert "Harbour Gazette" not in out["clean_text"]


def test_stage_takes_the_outlet_from_the_dateline_parenthesis():
    text = "SELMAR, Nov 8 (Harbour Wire) - Dockworkers walked off the job on Monday.\n\nWith AFP"
    out = _stage(text)
    assert out["source"] == "Harbour Wire"
    assert out["credits"] == ("With AFP",)
    assert "(Harbour Wire)" in out["clean_text"]
    # The metadata's outlet is kept; a credit alone names no outlet.
    assert _stage(text, source="Coast Weekly")["source"] == "Coast Weekly"
    assert _stage("Dockworkers walked off the job on Monday.\n\nWith AFP")["source"] is None


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def test_demo_corpus_is_dated_and_its_outlets_named_from_the_text():
    paths = demo_paths()
    if not paths:
        pytest.skip("demo corpus not available")
    docs = list(Pipeline(["clean"]).pipe(read_paths([str(p) for p in paths])))
    named = 0
    for path, doc in zip(paths, docs):
        gold = json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))
        assert doc.published == gold["published"], path.name
        lead = doc.clean_text.split("\n\n")[1]
        # A dateline with an outlet in parentheses names it; nothing else is invented.
        if re.match(r"^[A-Z/ ]+,.{0,30}\(", lead):
            assert doc.source, path.name
        if doc.source:
            named += 1
            assert _slug(doc.source) in path.name
        for r in doc.removed:
            if r.kind == "dateline-meta":
                assert r.text not in doc.clean_text
    assert named >= len(paths) // 2


@pytest.mark.parametrize("path", demo_paths(), ids=lambda p: p.stem[:40])
def test_demo_boilerplate_and_keep(path):
    gold = json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    out = clean(text)
    original = {ln.strip() for ln in text.splitlines()}
    cleaned = [ln.strip() for ln in out.text.splitlines()]
    assert [e for e in gold["boilerplate"] if _survives(e, original, cleaned)] == []
    assert [k for k in gold["keep"] if k not in out.text] == []


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(
    st.text(max_size=80),
    st.sampled_from(["With AFP", "I subscribe", "— A B (@ab) May 1, 2020", "pic.twitter.com/x1",
                     '"Stop now," she said.', "Stop now.", ">> Read also: x", "", "\n"])), max_size=12))
def test_clean_never_crashes_and_spans_hold(parts):
    out = clean("\n".join(parts), "h")
    assert "\n\n\n" not in out.text and out.text == out.text.strip()
    for p in out.posts:
        assert out.text[p.span.start:p.span.end] == p.text
