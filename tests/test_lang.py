"""Documents in other languages: detection, the pipeline per language, no English guesses."""
from __future__ import annotations

import pytest

from sitroom.lang.detect import detect
from sitroom.lang.names import norm, word_matches
from sitroom.lang.stages import support
from sitroom.pipeline import Pipeline
from sitroom.records import Document

POLISH = (
    "W niedzielę około 60 cudzoziemców próbowało przejść przez granicę z Białorusi do Polski. "
    "Rannych zostało dwóch żołnierzy, poinformowała Straż Graniczna.\n\n"
    "Prezydent Łukaszenka zagroził w poniedziałek, że zakręci gaz płynący do Unii Europejskiej. "
    "Według Straży Granicznej w Warszawie zatrzymano 12 osób."
)
RUSSIAN = ("Лукашенко заявил в понедельник, что Белоруссия не пропустит мигрантов в Польшу. "
           "В Минске задержаны не менее 20 человек.")
FRENCH = ("Au moins cinquante habitants ont été blessés mercredi lors de frappes de drones "
          "sur Kiev, a déclaré le président Volodymyr Zelensky. La Russie a tiré une vingtaine "
          "de drones explosifs contre l'Ukraine dans la nuit.")


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline().initialize()


def test_detects_the_language_offline():
    assert detect(POLISH)[0] == "pl"
    assert detect(RUSSIAN)[0] == "ru"
    assert detect(FRENCH)[0] == "fr"
    assert detect("The border guard said on Monday that the migrants were turned back.")[0] == "en"


def test_inflected_forms_match_by_stem():
    assert word_matches(norm("Białoruś"), norm("Białorusi"), True)
    assert word_matches(norm("Польша"), norm("Польши"), True)
    assert not word_matches(norm("Francja"), norm("Francuscy"), True)   # an adjective
    assert not word_matches(norm("Polska"), norm("Polsce"), False)


def test_support_levels():
    assert support("en") == "en" and support("fr") == "parsed"
    assert support("pl") == "rules" and support("ru") == "rules"
    assert support("sw") == "none"


def test_polish_report(pipeline):
    doc = Document.from_text(POLISH, published="2021-11-15")
    out = pipeline(doc)
    assert out.error is None
    assert (out.language, out.language_source) == ("pl", "detected")
    places = {(p.name, p.country) for p in out.places}
    assert ("Poland", "PL") in places and ("Belarus", "BY") in places and ("Warsaw", "PL") in places
    names = {a.name for a in out.actors}
    assert {"Alexander Lukashenko", "Polish Border Guard"} <= names
    # no capitalised word the resources do not know becomes an actor
    assert not names & {"Rannych", "Prezydent", "Według", "W"}
    dates = {(d.text, d.value) for d in out.dates}
    assert ("niedzielę", "2021-11-14") in dates and ("poniedziałek", "2021-11-15") in dates
    figs = {(f.category, f.value, f.qualifier) for f in out.figures}
    assert ("injured", 2.0, "exact") in figs and ("detained", 12.0, "exact") in figs
    assert any(f.category in ("people", "crossings") and f.value == 60 and f.qualifier == "about"
               for f in out.figures)
    assert any(e.type == "THREATEN" for e in out.events)
    for layer in (out.places, out.actors, out.dates, out.figures, out.events):
        assert layer, "every layer is filled"


def test_russian_names_resolve_to_the_same_actor(pipeline):
    out = pipeline(Document.from_text(RUSSIAN, published="2021-11-16"))
    assert out.language == "ru"
    assert "Alexander Lukashenko" in {a.name for a in out.actors}
    assert {"Belarus", "Poland", "Minsk"} <= {p.name for p in out.places}
    assert any(f.value == 20 and f.qualifier == "at_least" and f.category == "detained"
               for f in out.figures)


def test_french_full_pipeline(pipeline):
    out = pipeline(Document.from_text(FRENCH, published="2023-12-14", language="fr",
                                      language_source="metadata"))
    assert out.language_source == "metadata"
    assert ("injured", 50.0, "at_least") in {(f.category, f.low, f.qualifier) for f in out.figures}
    assert ("mercredi", "2023-12-13") in {(d.text, d.value) for d in out.dates}
    assert "Volodymyr Zelensky" in {a.name for a in out.actors}
    assert any(e.type == "ASSAULT" for e in out.events)


def test_unsupported_language_gets_a_note_and_no_guesses(pipeline):
    text = ("Rais wa Belarus Alexander Lukashenko alisema Jumatatu kwamba wahamiaji "
            "wataendelea kusubiri mpakani mwa Poland kwa siku nyingi zaidi.")
    out = pipeline(Document.from_text(text, language="sw", language_source="metadata"))
    assert out.error is None and out.clean_text
    assert out.language_note and "not extracted" in out.language_note
    assert not (out.actors or out.places or out.events or out.quotes or out.figures or out.dates)


def test_language_source_is_stored(tmp_path, pipeline):
    from sitroom.store import open_store
    out = pipeline(Document.from_text(POLISH, published="2021-11-15"))
    with open_store(str(tmp_path / "s.db")) as st:
        st.add([out])
        back = st.document(out.id)
    assert (back.language, back.language_source) == ("pl", "detected")


ENGLISH_REPORT = ("Belarusian President Alexander Lukashenko threatened on Monday to cut off "
                  "gas supplies to the European Union if the bloc imposes new sanctions.\n\n"
                  "The European Union said it would decide on the sanctions this week.")
POLISH_REPORT = ("Prezydent Białorusi Aleksandr Łukaszenka zagroził w poniedziałek Unii "
                 "Europejskiej wstrzymaniem dostaw gazu, jeśli wprowadzi ona nowe sankcje.")
RUSSIAN_REPORT = ("Президент Белоруссии Александр Лукашенко пригрозил в понедельник Евросоюзу "
                  "прекращением поставок газа в случае новых санкций.")


def test_one_happening_across_languages(tmp_path, pipeline):
    """The same threat reported in English, Polish and Russian: one actor under three
    spellings, one story and one merged happening with reports in every language."""
    from sitroom.situation.assemble import build
    from sitroom.store import open_store
    docs = [Document.from_text(ENGLISH_REPORT, published="2021-11-15", source="wire-en"),
            Document.from_text(POLISH_REPORT, published="2021-11-15", source="wire-pl"),
            Document.from_text(RUSSIAN_REPORT, published="2021-11-15", source="wire-ru")]
    out = list(pipeline.pipe(docs))
    assert [d.language for d in out] == ["en", "pl", "ru"]
    with open_store(str(tmp_path / "s.db")) as st:
        st.add(out)
        sit = build(st)
    luka = [a for a in sit.actors if "Lukashenko" in a.name]
    assert len(luka) == 1
    assert {d for d, _ in luka[0].members} == {d.id for d in out}
    threats = [e for e in sit.events if e.type == "THREATEN"]
    assert len(threats) == 1 and threats[0].n_documents == 3
    assert len([s for s in sit.stories if set(s.doc_ids) & {d.id for d in out}]) == 1


def test_quotes_need_a_speaker(pipeline):
    text = ("« Nous ne laisserons pas passer ces personnes », a déclaré Josep Borrell lundi à "
            "Bruxelles. Selon le ministère polonais de l'Intérieur, la situation reste tendue. "
            "« La frontière restera fermée tout l'hiver », ont répété des passants.")
    out = pipeline(Document.from_text(text, published="2021-11-15", language="fr",
                                      language_source="metadata"))
    by = {q.text: (q.speaker_text, q.kind) for q in out.quotes}
    assert by["Nous ne laisserons pas passer ces personnes"] == ("Josep Borrell", "direct")
    assert by["la situation reste tendue"] == ("ministère polonais de l'Intérieur", "indirect")
    # no speech word of the language next to it: no quote
    assert "La frontière restera fermée tout l'hiver" not in by
    pl = pipeline(Document.from_text(
        "Rzeczniczka Straży Granicznej relacjonowała, że migranci rzucali kamieniami.",
        published="2021-11-15", language="pl", language_source="metadata"))
    assert [(q.speaker_text, q.text) for q in pl.quotes] == [
        ("Rzeczniczka Straży Granicznej", "migranci rzucali kamieniami")]
