"""Reading files, folders, JSON Lines, feeds and stdin into Documents; dating them."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from sitroom.ingest import (Failure, find_outlet, find_published, normalize_date, read_file,
                            read_meta_line, read_paths, scan_head)
from sitroom.records import Document, content_id

FIX = Path(__file__).parent / "fixtures" / "ingest"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = sorted((SHARED / "seed").glob("*.txt")) if (SHARED / "seed").is_dir() else []
TODAY = dt.date(2026, 1, 15)


def _split(items):
    docs = [i for i in items if isinstance(i, Document)]
    fails = [i for i in items if isinstance(i, Failure)]
    assert len(docs) + len(fails) == len(items)
    return docs, fails


# --- formats -----------------------------------------------------------------------

def test_html_page_takes_metadata_and_keeps_paragraphs():
    docs, fails = _split(list(read_paths([str(FIX / "page.html")])))
    assert fails == []
    [d] = docs
    assert d.title == "Ferry strike halts island traffic"
    assert d.source == "The Coastal Courier"
    assert d.published == "2023-03-07" and d.published_source == "metadata"
    assert d.language == "en"
    assert d.path.endswith("page.html")
    # The headline is metadata, not the first paragraph; navigation is gone.
    assert d.text.startswith("PORTVALE, March 7 (Coastal Courier) - Ferry crews")
    assert "Home" not in d.text and "Sport" not in d.text
    paras = d.text.split("\n\n")
    assert len(paras) >= 5
    assert paras[2].startswith('"We have waited two years')


def test_jsonl_bad_line_is_reported_and_others_come_through():
    items = list(read_paths([str(FIX / "articles.jsonl")]))
    docs, fails = _split(items)
    assert [d.title for d in docs] == ["Dam inspection ordered", "Bridge reopens"]
    first, third = docs
    assert first.url == "https://example.org/news/1"
    assert first.source == "Valley Times"
    assert first.published == "2022-06-01" and first.published_source == "metadata"
    assert first.text.split("\n\n")[1].startswith("The authority said")
    # The html field is run through the page extractor.
    assert third.text.startswith("The old stone bridge over the Marren river")
    assert "<p>" not in third.text
    assert third.published is None and third.published_source is None
    [bad] = fails
    assert bad.path.endswith("articles.jsonl:2")
    assert "malformed JSON" in bad.reason
    # Order follows the file.
    assert isinstance(items[1], Failure)


def test_rss_feed_gives_one_document_per_item():
    docs, fails = _split(list(read_paths([str(FIX / "feed.rss")])))
    assert fails == []
    assert [d.title for d in docs] == ["Grain convoy reaches port", "Mayor resigns after audit"]
    assert [d.published for d in docs] == ["2023-02-09", "2023-02-10"]
    assert {d.source for d in docs} == {"Harbour Gazette - World"}
    assert docs[0].url == "https://gazette.example.net/world/grain-convoy"
    assert docs[0].text == ("A convoy of 40 trucks carrying grain reached the port of Selmar on Thursday, "
                            "the transport ministry said.\n\nOfficials said the cargo would be loaded "
                            "onto two ships bound for the south.")
    assert "<b>" not in docs[1].text and "road repair contracts" in docs[1].text


def test_plain_text_has_no_metadata_date_and_a_stable_id():
    [d1] = read_paths([str(FIX / "reuters_dateline.txt")])
    [d2] = read_paths([str(FIX / "reuters_dateline.txt")])
    assert d1.published is None and d1.published_source is None
    assert d1.id == d2.id == content_id(d1.text)
    assert d1.text.startswith("LUNDGARD, Oct 4 (Reuters) -")


def test_feed_sniffed_without_extension(tmp_path):
    p = tmp_path / "latest"
    p.write_bytes((FIX / "feed.rss").read_bytes())
    docs, fails = _split(list(read_paths([str(p)])))
    assert len(docs) == 2 and not fails


def test_unknown_extension_text_is_read_as_text(tmp_path):
    p = tmp_path / "note.md"
    p.write_text("Officials said the harbour would reopen on Monday.\n", encoding="utf-8")
    [d] = read_paths([str(p)])
    assert isinstance(d, Document) and d.text == "Officials said the harbour would reopen on Monday."


# --- bad inputs --------------------------------------------------------------------

LATIN1_REASON = "not UTF-8 text (looks like Latin-1); convert it with iconv -f latin1 -t utf-8"


def test_folder_stores_good_files_and_names_bad_ones(tmp_path):
    (tmp_path / "b_good.txt").write_text("The council voted on Monday to close the old mine.\n", encoding="utf-8")
    (tmp_path / "a_binary.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "c_empty.txt").write_bytes(b"")
    (tmp_path / "d_blank.txt").write_text("  \n\t\n", encoding="utf-8")
    (tmp_path / "e_latin1.txt").write_bytes("Le conseil a voté à l'unanimité, déclare le maire.".encode("latin-1"))
    (tmp_path / "f_image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    (tmp_path / ".hidden.txt").write_text("Should never be read.", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "nested.txt").write_text("Rescuers reached the village on Tuesday.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("Hidden folder.", encoding="utf-8")

    docs, fails = _split(list(read_paths([str(tmp_path)])))
    assert [Path(d.path).name for d in docs] == ["b_good.txt", "nested.txt"]
    reasons = {Path(f.path).name: f.reason for f in fails}
    assert set(reasons) == {"a_binary.bin", "c_empty.txt", "d_blank.txt", "e_latin1.txt", "f_image.txt"}
    assert reasons["a_binary.bin"].startswith("binary file")
    assert reasons["c_empty.txt"].startswith("empty file")
    assert reasons["d_blank.txt"].startswith("empty file")
    assert reasons["e_latin1.txt"] == LATIN1_REASON
    assert "PNG" in reasons["f_image.txt"]


def test_windows_1252_is_named(tmp_path):
    p = tmp_path / "quotes.txt"
    p.write_bytes("\u201cWe will stay\u201d, he said.".encode("cp1252"))
    [f] = read_paths([str(p)])
    assert isinstance(f, Failure) and "Windows-1252" in f.reason and "iconv -f cp1252" in f.reason


def test_missing_path_is_a_failure_not_an_exception():
    [f] = read_paths(["/nonexistent/article.txt"])
    assert isinstance(f, Failure) and f.reason == "no such file or folder"
    assert str(f) == "/nonexistent/article.txt: no such file or folder"


def test_jsonl_line_without_text_is_a_failure(tmp_path):
    p = tmp_path / "x.ndjson"
    p.write_text('{"title": "no body"}\n[1, 2]\n{"text": "Troops withdrew from the ridge on Sunday."}\n',
                 encoding="utf-8")
    items = list(read_paths([str(p)]))
    assert [type(i).__name__ for i in items] == ["Failure", "Failure", "Document"]
    assert items[0].path.endswith(":1") and "no 'text' or 'html'" in items[0].reason
    assert items[1].path.endswith(":2") and "JSON object" in items[1].reason


def test_utf8_bom_and_crlf_are_normalised(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes("\ufeffFirst paragraph.\r\n\r\nSecond paragraph.\r\n".encode("utf-8"))
    [d] = read_paths([str(p)])
    assert d.text == "First paragraph.\n\nSecond paragraph."


# --- stdin -------------------------------------------------------------------------

def test_stdin_text_and_bytes():
    [d] = read_paths(["-"], stdin=io.StringIO("Fighting resumed near the airport on Monday."))
    assert d.text == "Fighting resumed near the airport on Monday." and d.path == "<stdin>"
    [f] = read_paths(["-"], stdin=io.BytesIO(b""))
    assert isinstance(f, Failure) and f.path == "<stdin>"
    html = (FIX / "page.html").read_bytes()
    [h] = read_paths(["-"], stdin=io.BytesIO(html))
    assert h.title == "Ferry strike halts island traffic"


def test_utf16_with_bom_is_read_and_broken_utf16_is_a_failure():
    [d] = read_file("a.txt", data="Talks resumed on Monday.".encode("utf-16"))
    assert isinstance(d, Document) and d.text == "Talks resumed on Monday."
    [f] = read_file("b.txt", data=b"\xff\xfeA")
    assert isinstance(f, Failure) and f.reason.startswith("binary file")


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.binary(max_size=400), st.binary(max_size=60).map(lambda b: b"\xff\xfe" + b)), st.sampled_from(["a.txt", "a.html", "a.jsonl", "a.rss", "a", "a.dat"]))
def test_reading_never_raises(data, name):
    for item in read_file(name, data=data):
        assert isinstance(item, (Document, Failure))
        if isinstance(item, Failure):
            assert item.reason


# --- dates -------------------------------------------------------------------------

def test_normalize_date():
    assert normalize_date("2021-11-14T10:00:00Z") == "2021-11-14"
    assert normalize_date("Sun, 14 Nov 2021 10:00:00 GMT") == "2021-11-14"
    assert normalize_date("November 14, 2021") == "2021-11-14"
    assert normalize_date("14 novembre 2021") == "2021-11-14"
    assert normalize_date(dt.datetime(2020, 2, 29, 23, 0)) == "2020-02-29"
    assert normalize_date("2021-02-30") is None
    assert normalize_date("soon") is None
    assert normalize_date(None) is None


@pytest.mark.parametrize("text, expected", [
    ("WARSAW, Nov 16 (Reuters) - Poland said on Tuesday it had closed the crossing.",
     ("2021-11-16", "dateline")),     # the most recent year in which Nov 16 is a Tuesday
    ("WARSAW, Nov 16 (Reuters) - Poland said on Tuesday it had closed the crossing. "
     "A vote is set for November 20, 2022.", ("2022-11-16", "dateline")),  # filed the day after
    ("MINSK, November 9, 2021 (AFP) — Belarus denied the claims.", ("2021-11-09", "dateline")),
    ("PARIS, 16 novembre 2021 (AFP) - La France a condamné l'attaque.", ("2021-11-16", "dateline")),
    ("KYIV, March 3 (Reuters) - Since 2014 the front line has barely moved.", ("2025-03-03", "dateline")),
    ("Ministers met on Sunday, November 14, to discuss the crisis. Talks began in 2021.",
     ("2021-11-14", "text")),
    ("Ministers met on Sunday, November 14, to discuss the crisis.", ("2021-11-14", "text")),
    ("Les ministres se sont réunis dimanche 14 novembre 2021 à Bruxelles.", ("2021-11-14", "text")),
    ("Quiet day.\n\nNothing left to see.\n— Ana Vidal (@anavidal) March 2, 2022", ("2022-03-02", "post")),
    ("Meanwhile, Nov 3 - nothing happened here.", (None, None)),
    ("The rebels first appeared in 2008.", (None, None)),
])
def test_find_published(text, expected):
    assert find_published(text, today=TODAY) == expected


def test_find_published_uses_post_dates_given_apart():
    text = "The envoy arrived on Sunday, November 14, and left the next day."
    assert find_published(text, posts=["2021-11-14"], today=TODAY) == ("2021-11-14", "text")


def test_reuters_dateline_year_fits_the_weekday_of_the_lead():
    text = (FIX / "reuters_dateline.txt").read_text(encoding="utf-8")
    # The lead says "on Wednesday" and mentions 2008; Oct 4 was a Wednesday in 2023.
    assert find_published(text, today=TODAY) == ("2023-10-04", "dateline")


@pytest.mark.skipif(not SEED, reason="seed article not available")
def test_seed_is_dated_from_text_with_the_post_year():
    text = SEED[0].read_text(encoding="utf-8")
    assert find_published(text) == ("2021-11-14", "text")
    [d] = read_paths([str(SEED[0])])
    assert d.published is None and d.language == "en"


# --- publication lines -------------------------------------------------------------

LEAD = "Dockworkers walked off the job at the port of Selmar on Monday, the union said."


@pytest.mark.parametrize("line, expected", [
    ("Published 8 November 2021, 21:05 CET", "2021-11-08"),
    ("Published: Nov. 8, 2021", "2021-11-08"),
    ("Updated on 9 November 2021 at 10:12", "2021-11-09"),
    ("8 November 2021 | 21:05", "2021-11-08"),
    ("Monday 8 November 2021", "2021-11-08"),
    ("Monday, November 8, 2021", "2021-11-08"),
    ("Publié le 8 novembre 2021", "2021-11-08"),
    ("Publié le 08/11/2021 à 21h05", "2021-11-08"),
    ("Mis à jour le 9 novembre 2021 à 10h12", "2021-11-09"),
    ("Last updated: 9:05 a.m. EST, Tuesday, November 9, 2021", "2021-11-09"),
    ("Posted: 2021-11-08T21:05:00Z", "2021-11-08"),
    ("Mon 8 Nov 2021 21.05 GMT", "2021-11-08"),
    ("Harbour Gazette | 8 November 2021", "2021-11-08"),
    ("15 November 2021 · 19:40", "2021-11-15"),
])
def test_publication_line_under_the_headline_dates_the_article(line, expected):
    text = f"Dockers strike at Selmar port\n\n{line}\n\n{LEAD}"
    assert find_published(text, today=TODAY) == (expected, "dateline")


def test_published_line_wins_over_updated_line_and_dateline():
    text = ("Published 8 November 2021. Updated 9 November 2021\n\n"
            "SELMAR, Nov 10 (Harbour Wire) - Dockworkers walked off the job on Wednesday.")
    assert find_published(text, today=TODAY) == ("2021-11-08", "dateline")
    text = ("Publié le lundi 8 novembre 2021 à 21h05, mis à jour le 9 novembre 2021 à 10h12\n\n"
            "Les dockers ont cessé le travail lundi.")
    assert find_published(text, today=TODAY) == ("2021-11-08", "dateline")


def test_dateline_wins_over_an_updated_line():
    text = ("Updated on 12 November 2021 at 10:12\n\n"
            "SELMAR, Nov 10 (Harbour Wire) - Dockworkers walked off the job on Wednesday.")
    assert find_published(text, today=TODAY) == ("2021-11-10", "dateline")
    assert find_published("Updated on 12 November 2021 at 10:12\n\n" + LEAD, today=TODAY) \
        == ("2021-11-12", "dateline")


def test_year_of_a_publication_line_without_one():
    # The year comes from a full date in the text, else it is the latest that is not in the future.
    text = f"Published: Nov. 8\n\n{LEAD} Talks last broke down on March 3, 2019."
    assert find_published(text, today=TODAY) == ("2019-11-08", "dateline")
    assert find_published(f"Published: Nov. 8\n\n{LEAD}", today=TODAY) == ("2025-11-08", "dateline")
    assert find_published(f"Published: Dec. 8\n\n{LEAD}", today=dt.date(2026, 12, 1)) \
        == ("2025-12-08", "dateline")


def test_bare_date_line_counts_only_in_the_head():
    text = f"{LEAD}\n\nThe union will meet the port authority again.\n\n8 November 2021 | 21:05"
    assert find_published(text, today=TODAY) == (None, None)
    assert read_meta_line("8 November 2021 | 21:05") is None
    assert read_meta_line("8 November 2021 | 21:05", head=True).stamps[0].year == 2021
    # A labelled line counts anywhere.
    assert find_published(f"{LEAD}\n\nPublished 8 November 2021", today=TODAY) == ("2021-11-08", "dateline")


def test_publication_lines_taken_out_of_the_text_still_date_it():
    assert find_published(LEAD, meta=["Published 8 November 2021, 21:05 CET"], today=TODAY) \
        == ("2021-11-08", "dateline")
    assert find_published(LEAD, meta=["With AFP"], today=TODAY) == (None, None)
    # A publication date in the future is a typo, not the date.
    assert find_published(LEAD, meta=["Published 8 November 2031"], today=TODAY) == (None, None)


@pytest.mark.parametrize("line", [
    "Published in 2021, the report found no fault with the dam.",
    "Posted 11/08/2021",              # day and month cannot be told apart
    "Share this story: Facebook | Twitter | Email",
    "Facebook | Twitter | Email",
    "Updated 10:12",
    "Fake News Law Passed",
    "By Jane Doe | Staff writer",
])
def test_lines_that_are_not_publication_metadata(line):
    assert read_meta_line(line, head=True) is None


def test_masthead_alone_counts_only_next_to_a_date_line():
    found = scan_head(["Dockers strike at Selmar port", "The Harbour Gazette", "15 November 2021 · 19:40", LEAD])
    assert sorted(found) == [1, 2]
    assert found[1].outlet == "The Harbour Gazette" and found[1].masthead
    assert scan_head(["The Harbour Gazette", "Dockers strike at Selmar port", LEAD]) == {}
    # After the first sentence of prose the head is over.
    assert scan_head([LEAD, "Monday 8 November 2021"]) == {}


# --- the outlet --------------------------------------------------------------------

@pytest.mark.parametrize("text, outlet", [
    ("SELMAR, Nov 10 (Harbour Wire) - Dockworkers walked off the job.", "Harbour Wire"),
    ("NORTH BAY/SELMAR, Nov 10 (Reuters) - Dockworkers walked off the job.", "Reuters"),
    ("Selmar, Vestland, Nov 10 (Coast News Service) - Dockworkers walked off the job.", "Coast News Service"),
    ("SELMAR (AFP) — Dockworkers walked off the job.", "AFP"),
    ("Dockers strike\n\nPARIS, 16 novembre 2021 (AFP) - Les dockers ont cessé le travail.", "AFP"),
    ("Dockers strike\n\nHarbour Gazette | 8 November 2021\n\n" + LEAD, "Harbour Gazette"),
    ("Dockers strike\n\nThe Harbour Gazette\n\n8 November 2021 · 21:05\n\n" + LEAD, "The Harbour Gazette"),
    ("Dockers strike\n\nBy Jane Doe | Coastal Courier\n\n" + LEAD, "Coastal Courier"),
    ("By Jane Doe and Ali Ren | Harbour Radio | 8 November 2021\n\n" + LEAD, "Harbour Radio"),
    # No outlet cue: a credit names a source of the copy, a byline role is not an outlet.
    (LEAD + "\n\nWith AFP", None),
    ("By Jane Doe | Staff writer\n\n" + LEAD, None),
    ("Jane Doe | 8 November 2021\n\n" + LEAD, None),
    ("SELMAR, Nov 10 (Updates with union statement) - Dockworkers walked off the job.", None),
    ("Officials (Reuters) - said nothing.", None),
    ("WARSAW — 12 November 2021\n\n" + LEAD, None),
    (LEAD, None),
])
def test_find_outlet(text, outlet):
    assert find_outlet(text) == outlet


def test_outlet_from_lines_taken_out_of_the_text():
    assert find_outlet(LEAD, meta=["Harbour Gazette | 8 November 2021"]) == "Harbour Gazette"
    assert find_outlet(LEAD, meta=["With Reuters"]) is None


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=60), st.sampled_from([
    "Published 8 November 2021", "Harbour Gazette | 31 February 2021", "Monday 8 November",
    "By Jane Doe | Coastal Courier", "Publié le 32/13/2021", "SELMAR (Harbour Wire) - x", "|", "· 21:05"])),
    max_size=8))
def test_publication_metadata_never_raises(parts):
    text = "\n".join(parts)
    iso, how = find_published(text, meta=parts, today=TODAY)
    assert (iso is None) == (how is None)
    if iso:
        assert dt.date.fromisoformat(iso) <= TODAY + dt.timedelta(days=1) or how != "dateline"
    outlet = find_outlet(text, meta=parts)
    assert outlet is None or outlet.strip() == outlet and outlet


# --- the date a file's name starts with ------------------------------------------------

WIRE_NO_YEAR = ("Border crossings fall\n\nWARSAW, Nov 16 (Wire Service) - Crossings fell sharply "
                "on Tuesday, officials said.\n")


def test_date_from_filename():
    from sitroom.ingest.published import date_from_filename
    assert date_from_filename("/news/2021-11-16-wire-crossings.txt") == dt.date(2021, 11, 16)
    assert date_from_filename("2021-11-16.html") == dt.date(2021, 11, 16)
    assert date_from_filename("report-2021-11-16.txt") is None
    assert date_from_filename("2021-13-40-x.txt") is None
    assert date_from_filename(None) is None


def test_filename_gives_the_year_a_dateline_lacks():
    # Nov 16 fell on a Tuesday in 2021 and again in 2027: the weekday alone cannot tell
    later = dt.date(2027, 12, 1)
    assert find_published(WIRE_NO_YEAR, today=later) == ("2027-11-16", "dateline")
    assert find_published(WIRE_NO_YEAR, today=later, path="a/2021-11-16-wire.txt") == (
        "2021-11-16", "filename")
    # around the turn of the year the nearest year wins
    text = "KYIV, Dec 31 (Wire) - Talks ended.\n"
    assert find_published(text, today=later, path="2022-01-02-x.txt") == ("2021-12-31", "filename")


def test_full_dates_in_the_text_win_over_the_filename():
    text = "Published 8 November 2021, 21:05 CET\n\nMigrants marched on the border.\n"
    assert find_published(text, today=TODAY, path="2021-11-09-x.txt") == ("2021-11-08", "dateline")


def test_filename_alone_dates_a_text_without_dates():
    assert find_published("Migrants marched on the border.", today=TODAY,
                          path="2021-11-09-x.txt") == ("2021-11-09", "filename")
    assert find_published("Migrants marched on the border.", today=TODAY) == (None, None)


def test_clean_stage_uses_the_document_path():
    from sitroom.pipeline import Pipeline
    doc = Document.from_text(WIRE_NO_YEAR, path="corpus/2021-11-16-wire-crossings.txt")
    out = Pipeline(stages=("clean",))(doc)
    assert (out.published, out.published_source) == ("2021-11-16", "filename")


def test_plain_text_headline_becomes_the_title(tmp_path):
    from sitroom.ingest.reader import headline
    p = tmp_path / "story.txt"
    p.write_text("Latvia extends border emergency by three months\n\n"
                 "RIGA, Nov 10 (Baltic Wire) - Latvia's parliament voted on Wednesday to extend "
                 "the state of emergency on its border with Belarus.\n", encoding="utf-8")
    [doc] = list(read_paths([str(p)]))
    assert doc.title == "Latvia extends border emergency by three months"
    assert doc.text.startswith("Latvia extends")          # the line stays in the text
    assert headline("It rained all day.\n\nThen it stopped.") is None      # a sentence
    assert headline("One line only, no paragraph after it") is None
    assert headline(">> Read also: the border\n\nText.") is None


@pytest.mark.parametrize("value, iso", [
    ("14 novembre 2021", "2021-11-14"),
    ("14. November 2021", "2021-11-14"),
    ("2 de diciembre de 2021", "2021-12-02"),
    ("novembre 2021", None),          # no day: not a publication date
    ("soon", None),
])
def test_metadata_dates_in_other_languages(value, iso):
    assert normalize_date(value) == iso
