"""Page chrome found by its shape (any language), and publication dates read from stamps."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sitroom.clean import clean
from sitroom.clean.chrome import line_kind
from sitroom.clean.shape import shape
from sitroom.clean.stage import clean_stage
from sitroom.evaluate.score import score_boilerplate
from sitroom.ingest.stamps import caption_date, dates_in, stamp_date
from sitroom.records import Document
from sitroom.resources import Resources

REALDEV = Path(__file__).resolve().parents[2] / "shared" / "eval-data" / "realdev"
needs_realdev = pytest.mark.skipif(not REALDEV.is_dir(), reason="realdev articles not available")

PAGE = """Harbour cranes stand idle as dock strike spreads

Economy

Ferry Weekly
3 hours ago

Cranes stand still at the container terminal of Selmar on Tuesday. (Photo: Ana Ruiz/Harbour Press)

SELMAR — Dockworkers at the port of Selmar extended their strike on Tuesday, the union said, leaving dozens of ships waiting offshore.

The port authority said it would meet union leaders on Thursday to discuss pay and night shifts.

Cranes stand still at the container terminal of Selmar on Tuesday. (Photo: Ana Ruiz/Harbour Press)

"We will not go back until the night shifts are paid properly," a union spokeswoman told reporters at the gate.

Business | Ports | Shipping

Read more:

Ferry operators cut sailings as strike drags on

Union leaders meet minister over pay
"""


def kinds(out) -> dict[str, str]:
    return {r.text: r.kind for r in out.removed}


def test_page_chrome_goes_and_every_sentence_stays():
    out = clean(PAGE)
    removed = kinds(out)
    assert removed["Economy"] == "label"
    assert removed["Ferry Weekly"] == "label"            # a name alone: every word capitalised
    assert removed["3 hours ago"] == "stamp"
    assert removed["Business | Ports | Shipping"] == "menu"
    assert removed["Ferry operators cut sailings as strike drags on"] == "related"
    assert removed["Union leaders meet minister over pay"] == "related"
    assert "(Photo: Ana Ruiz/Harbour Press)" not in out.text
    for sentence in ("Dockworkers at the port of Selmar extended their strike on Tuesday",
                     "The port authority said it would meet union leaders on Thursday",
                     "We will not go back until the night shifts are paid properly"):
        assert sentence in out.text
    assert out.text.startswith("Harbour cranes stand idle as dock strike spreads")   # the headline


def test_captions_and_credits_by_their_shape():
    for line in ("Rescuers search the rubble of a school in the old town. [File: Marta Nowak/AFP]",
                 "Police officers guard the bridge on Monday. PHOTO: REUTERS",
                 "Fishermen haul their boats onto the beach at dawn. EPA",
                 "Zdjęcie ilustracyjne / Piotr Lis / Radio Port",
                 "Jonas Berg/Nordic Wire", "AFP via Getty Images",
                 "Des manifestants devant la préfecture, samedi. Foto: AFP"):
        assert line_kind(shape(line), line) == "caption", line
    for line in ("By Lena Marsh and Tom Ide / Harbour Press", "Von Anna Keller", "Autor: Jan Kowal"):
        assert line_kind(shape(line), line) == "byline", line
    line = "AP and AFP, SELMAR and ODRA"
    assert line_kind(shape(line), line) == "credit"


def test_stamps_in_several_languages():
    for line in ("Published: 12 Nov 2021 04:26 PM", "| Updated: Jun 15, 2023, 07:37 PM IST",
                 "Publikacja: 16.11.2022 14:11", "2021 11 09", "2024.03.22", "Link [2022-06-11 14:52:24]",
                 "Lena Marsh • 10 November 2021 15:08", "Aktualisiert am 3. März 2022, 10:15 Uhr",
                 "Опубликовано 14 ноября 2021"):
        assert line_kind(shape(line), line) == "stamp", line


def test_prose_is_never_taken_for_chrome():
    for line in ("The ministry said on 12 November 2021 that 300 people had crossed the border overnight.",
                 "Les ministres se réuniront lundi à Bruxelles pour discuter des nouvelles sanctions.",
                 "Die Polizei nahm am Montag in der Nähe der Grenze zwölf Menschen fest.",
                 "Straż Graniczna zatrzymała w poniedziałek grupę kilkunastu osób przy granicy.",
                 "Пограничники задержали в понедельник группу из двадцати человек.",
                 "Fares rose 4% to €2.40 a ride, and dozens of commuters complained."):
        assert line_kind(shape(line), line) is None, line


def test_glued_date_stamp_leaves_the_lead_and_is_kept_for_audit():
    out = clean("date 2021-11-16 SELMAR: Dockworkers extended their strike on Tuesday, the union said.")
    assert out.text == "SELMAR: Dockworkers extended their strike on Tuesday, the union said."
    assert ("stamp", "date 2021-11-16") in [(r.kind, r.text) for r in out.removed]


def test_short_lines_under_a_colon_and_between_paragraphs_stay():
    text = ("The union listed its demands on Tuesday:\n\nHigher pay\nPaid night shifts\n\n"
            "The port authority said it would answer by Friday, a spokesman said.\n\nTalks resume\n\n"
            "Both sides agreed to meet again on Monday at the harbour office.")
    out = clean(text)
    for line in ("Higher pay", "Paid night shifts", "Talks resume"):
        assert line in out.text


def test_non_english_page_tail_of_other_headlines_goes():
    text = ("Strajk w porcie trwa\n\nDokerzy w porcie Selmar przedłużyli we wtorek strajk, "
            "poinformował związek zawodowy, a statki czekają na redzie.\n\n"
            "Reklama\n\nGospodarka\nRząd obiecuje nowe przepisy o pracy nocnej\nGospodarka\n"
            "Ceny paliw znów w górę\nGospodarka\nNowy terminal otwarty w Gdyni")
    out = clean(text)
    assert "Dokerzy w porcie Selmar przedłużyli we wtorek strajk" in out.text
    for line in ("Gospodarka", "Ceny paliw znów w górę", "Nowy terminal otwarty w Gdyni"):
        assert line not in out.text


def test_dates_on_stamps_in_any_language():
    assert dates_in("Publikacja: 16.11.2022 14:11") == [dt.date(2022, 11, 16)]
    assert dates_in("2021 11 09") == [dt.date(2021, 11, 9)]
    assert dates_in("16 listopada 2022", "pl") == [dt.date(2022, 11, 16)]
    assert dates_in("14 ноября 2021", "ru") == [dt.date(2021, 11, 14)]
    assert dates_in("Lena Marsh • 10 November 2021 15:08") == [dt.date(2021, 11, 10)]
    assert dates_in("12/11/2021") == [dt.date(2021, 12, 11)]           # month first in English
    assert dates_in("12/11/2021", "fr") == [dt.date(2021, 11, 12)]
    # Published, then updated, then read: the earliest stamp is the publication.
    assert stamp_date(["Updated 2021-11-18 09:00", "Published 2021-11-16"]) == "2021-11-16"
    assert stamp_date(["2031-01-01"], latest=dt.date(2025, 1, 1)) is None
    assert caption_date(["A crowd in the square on March 3, 2022.", "Archive picture, 4 May 2020."]) \
        == "2022-03-03"


def test_publication_date_from_stamps_and_captions_without_metadata():
    res = Resources()
    doc = Document.from_text("Strajk w porcie\n\nPublikacja: 16.11.2022 14:11\n\n"
                             "Dokerzy przedłużyli we wtorek strajk, poinformował związek zawodowy.",
                             language="pl")
    out = clean_stage(doc, res)
    assert (out["published"], out["published_source"]) == ("2022-11-16", "dateline")
    doc = Document.from_text("date 2021-08-10 Cancel\n\nPorts\n\nDockworkers extended their strike "
                             "on Tuesday, the union said.")
    assert clean_stage(doc, res)["published"] == "2021-08-10"
    doc = Document.from_text("Strike spreads\n\nDockers march in Selmar on Nov. 26, 2021. (Photo: Ana Ruiz/AFP)\n\n"
                             "Dockworkers extended their strike, the union said.")
    out = clean_stage(doc, res)
    assert (out["published"], out["published_source"]) == ("2021-11-26", "text")


def _realdev(lang: str | None):
    for g in sorted(REALDEV.glob("*.gold.json")):
        gold = json.loads(g.read_text(encoding="utf-8"))
        if lang is None or gold.get("language", "en") == lang:
            yield g.name, gold, g.with_name(g.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")


@needs_realdev
@pytest.mark.parametrize("lang,min_recall", [("en", 0.85), (None, 0.85)])
def test_realdev_chrome_goes_and_keep_lines_stay(lang, min_recall):
    removed = surviving = lost = 0
    for name, gold, text in _realdev(lang):
        sc = score_boilerplate(gold, text, clean(text).text, name)
        removed, surviving, lost = removed + sc.counts.tp, surviving + sc.counts.fn, lost + sc.counts.fp
    assert lost == 0
    assert removed / (removed + surviving) >= min_recall


@needs_realdev
def test_realdev_publication_dates_from_the_text():
    import csv
    rows = list(csv.DictReader((REALDEV / "SOURCES.tsv").open(encoding="utf-8"), delimiter="\t"))
    res = Resources()
    right = wrong = 0
    for r in rows:
        true = r["published"].strip()
        if len(true) != 10:
            continue
        text = (REALDEV / r["file"]).read_text(encoding="utf-8")
        got = clean_stage(Document.from_text(text, language=r["lang"]), res)["published"]
        right += got == true
        wrong += bool(got) and got != true
    assert right >= 26 and wrong <= 1


def test_page_furniture_goes_and_data_lines_stay():
    text = ("Ferry strike ends\n\nLoading...\n\n5 min read\n\nImage source, Harbour Press\n\n"
            "Dockworkers in Selmar ended their strike on Friday after the port agreed to pay night shifts.\n\n"
            "Story continues below advertisement\n\nListen to this article\n\n"
            "Turnout: 61%\n\nYes: 812\n\nTags: Selmar, ports, strikes\n\nback to top")
    out = clean(text)
    assert out.text.split("\n\n") == [
        "Ferry strike ends",
        "Dockworkers in Selmar ended their strike on Friday after the port agreed to pay night shifts.",
        "Turnout: 61%", "Yes: 812"]
    assert {r.kind for r in out.removed} >= {"stamp", "caption", "menu"}


@pytest.mark.parametrize("lang,line,iso", [
    ("de", "Veröffentlicht am 12.11.2021 um 10:15 Uhr", "2021-11-12"),
    ("pl", "Opublikowano: 12 listopada 2021, 10:15", "2021-11-12"),
    ("es", "Publicado el 12 de noviembre de 2021", "2021-11-12"),
    ("ru", "Опубликовано 14 ноября 2021, 10:15", "2021-11-14"),
    ("fr", "Mis à jour le 12 novembre 2021 à 10h12", "2021-11-12"),
])
def test_publication_lines_in_several_languages(lang, line, iso):
    doc = Document.from_text(f"Titre\n\n{line}\n\nDockworkers in Selmar ended their strike on Friday, "
                             "the union said in a statement.", language=lang)
    out = clean_stage(doc, Resources())
    assert out["published"] == iso
    assert line not in out["clean_text"]


def test_a_language_without_a_stop_list_is_not_judged_by_function_words():
    text = ("Zorblat miktu\n\nVanepo drastil kumora venlo tapari moskel urbanto veshi kalda nimor\n\n"
            "Drastil kumora venlo tapari moskel urbanto veshi kalda nimor vanepo.")
    assert clean(text).text == text


def test_page_end_after_copyright_and_closing_agency_credit():
    story = "Dockworkers in Selmar ended their strike on Friday after the port agreed to pay night shifts."
    out = clean(f"{story}\n\n© Harbour Press 2021. All rights reserved.\n\n"
                "No part of this page may be copied without permission.")
    assert out.text == story
    assert [r.kind for r in out.removed] == ["other", "tail"]
    out = clean(f"{story}\n\nSome details for this story came from Reuters and AFP")
    assert out.text == story and out.removed[0].kind == "credit"
    quoted = f'{story}\n\n"We thank AFP and Reuters for the pictures," the union said.'
    assert clean(quoted).text == quoted
    told = f"{story}\n\nThe minister told Reuters and AFP that talks would resume on Monday."
    assert clean(told).text == told


def test_stamps_of_other_articles_at_the_page_end_do_not_date_it():
    doc = Document.from_text("Strike ends\n\n2023-05-04 10:12\n\nDockworkers in Selmar ended their strike on "
                             "Friday after the port agreed to pay night shifts.\n\nMore from the port\n\n"
                             "2019-02-01 08:00")
    assert clean_stage(doc, Resources())["published"] == "2023-05-04"
