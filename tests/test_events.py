"""Events: triggers, roles through passive voice and coordination, nominalisations, status, dates."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from conftest import make_doc
from sitroom.knowledge import plover
from sitroom.extract.events.stage import extract_events
from sitroom.extract.figures.stage import extract_figures
from sitroom.extract.events.triggers import lexicon
from sitroom.records import EVENT_TYPES


def events(doc):
    return [(e.type, e.source, e.target, e.status) for e in extract_events(doc)]


POLAND = ("Poland", "country", ["Poland", "Warsaw"])
BELARUS = ("Belarus", "country", ["Belarus", "Minsk"])
LITHUANIA = ("Lithuania", "country", ["Lithuania", "Vilnius"])
EU = ("EU", "organization", ["European Union", "EU"])
MIGRANTS = ("migrants", "group", ["migrants"])
GUARDS = ("guards", "group", ["Polish border guards", "border guards"])


def test_passive_voice_agent_is_the_source():
    doc = make_doc("Dozens of migrants were pushed back by Polish border guards on Tuesday.",
                   actors=[MIGRANTS, GUARDS], dates=[("on Tuesday", "2021-11-09")])
    (ev,) = extract_events(doc)
    assert (ev.type, ev.mode, ev.source, ev.target) == ("COERCE", "deport", ("guards",), ("migrants",))
    assert ev.date == "2021-11-09" and ev.cameo_code == "174"
    assert doc.clean_text[ev.trigger.start:ev.trigger.end] == ev.trigger_text == "pushed"


def test_coordinated_verbs_share_their_subject():
    doc = make_doc("Minsk rejects the allegations and accuses Lithuania of provoking the crisis.",
                   actors=[BELARUS, LITHUANIA])
    assert events(doc) == [("REJECT", ("Belarus",), (), "occurred"),
                           ("ACCUSE", ("Belarus",), ("Lithuania",), "occurred")]


def test_nominal_triggers_under_light_verbs():
    doc = make_doc("The European Union imposed new sanctions on Belarus. Brussels is preparing "
                   "further sanctions targeting the Minsk government.",
                   actors=[("EU", "organization", ["European Union", "Brussels"]), BELARUS])
    assert events(doc) == [("SANCTION", ("EU",), ("Belarus",), "occurred"),
                           ("SANCTION", ("EU",), ("Belarus",), "planned")]


def test_planned_meeting_purpose_gets_the_future_date():
    doc = make_doc("EU interior ministers are due to convene on Monday to expand sanctions on Belarus.",
                   actors=[("EU", "organization", ["EU interior ministers"]), BELARUS],
                   dates=[("on Monday", "2021-11-15")])
    (ev,) = extract_events(doc)
    assert (ev.type, ev.source, ev.target, ev.status, ev.date) == \
        ("SANCTION", ("EU",), ("Belarus",), "planned", "2021-11-15")


def test_negation_and_denial():
    doc = make_doc("Lithuania did not arrest the migrants. Poland denied pushing back the migrants.",
                   actors=[LITHUANIA, POLAND, MIGRANTS])
    # an act said not to have happened is no event; a denial is itself a rejection, and
    # the act it denies keeps the status "denied"
    assert events(doc) == [("REJECT", ("Poland",), (), "occurred"),
                           ("COERCE", ("Poland",), ("migrants",), "denied")]
    doc = make_doc("Poland offered no concession to Lithuania. Neither Poland nor Lithuania "
                   "detained the migrants.", actors=[LITHUANIA, POLAND, MIGRANTS])
    assert events(doc) == []


def test_reported_act_takes_the_speaker_and_the_speech_date():
    doc = make_doc("On Sunday, Latvia said it had detained 40 migrants near the border.",
                   actors=[("Latvia", "country", ["Latvia"]), MIGRANTS],
                   dates=[("On Sunday", "2021-11-14")])
    (ev,) = extract_events(doc)
    assert (ev.type, ev.mode, ev.source, ev.target, ev.date) == \
        ("COERCE", "arrest", ("Latvia",), ("migrants",), "2021-11-14")


def test_phone_call_and_repeats_merge():
    doc = make_doc("The German chancellor and the Russian president spoke on Friday. The chancellor "
                   "said she spoke by telephone with the Russian president about the crisis.",
                   actors=[("Merkel", "person", ["German chancellor", "chancellor", "she"]),
                           ("Putin", "person", ["Russian president"])],
                   dates=[("on Friday", "2021-11-12")])
    (ev,) = extract_events(doc)
    assert (ev.type, ev.mode, ev.source, ev.target, ev.date) == \
        ("CONSULT", "phone", ("Merkel",), ("Putin",), "2021-11-12")


def test_statements_wishes_and_conditions_are_no_events():
    doc = make_doc("The Polish minister said the situation was serious. Lithuania wants to close "
                   "the border. If Minsk attacks the camp, Poland will respond. The activists "
                   "arrested last year remain in jail, where they were beaten. Poland believes "
                   "Belarus could expel the diplomats.",
                   actors=[POLAND, LITHUANIA, BELARUS, ("activists", "group", ["activists"])])
    assert events(doc) == []


def test_acts_told_in_relative_clauses():
    # A relative clause with a tensed verb tells an act as a fact; an object relative
    # targets the noun it hangs on, with everything coordinated with it.
    doc = make_doc("Belarus, which arrested dozens of activists last year, denies everything. "
                   "The EU listed the airline and two travel firms it accuses of smuggling.",
                   actors=[BELARUS, ("activists", "group", ["activists"]), EU,
                           ("airline", "organization", ["airline"]),
                           ("firms", "group", ["travel firms"])])
    assert events(doc) == [("COERCE", ("Belarus",), ("activists",), "occurred"),
                           ("ACCUSE", ("EU",), ("airline", "firms"), "occurred")]


def test_refusing_to_let_people_pass_is_a_restriction():
    doc = make_doc("Warsaw refuses to allow the migrants to pass and accuses Minsk of tricking them.",
                   actors=[POLAND, BELARUS, MIGRANTS])
    assert events(doc) == [("COERCE", ("Poland",), ("migrants",), "occurred"),
                           ("ACCUSE", ("Poland",), ("Belarus",), "occurred")]


def test_threat_to_act_is_a_threat():
    doc = make_doc("Lithuania threatened to close its border with Belarus.",
                   actors=[LITHUANIA, BELARUS])
    (ev,) = extract_events(doc)
    assert (ev.type, ev.mode, ev.source, ev.target) == ("THREATEN", "restrict", ("Lithuania",), ("Belarus",))


def test_aid_to_a_group_named_by_a_pronoun():
    doc = make_doc("Aid groups reached the migrants on Friday. The Red Cross provided them "
                   "with food and blankets.",
                   actors=[MIGRANTS, ("Red Cross", "organization", ["Red Cross"])])
    assert events(doc) == [("AID", ("Red Cross",), ("migrants",), "occurred")]


def test_rejection_targets_the_accuser():
    doc = make_doc("Warsaw accused Minsk of orchestrating the crisis. Minsk rejected the accusations.",
                   actors=[POLAND, BELARUS])
    assert events(doc) == [("ACCUSE", ("Poland",), ("Belarus",), "occurred"),
                           ("REJECT", ("Belarus",), ("Poland",), "occurred")]


def test_ban_with_coordinated_targets_and_halted_flights():
    doc = make_doc("Turkey banned Iraqis, Syrians and Yemenis from flying to Minsk. A Syrian airline "
                   "halted its flights to Minsk.",
                   actors=[("Turkey", "country", ["Turkey"]), ("Iraqis", "group", ["Iraqis"]),
                           ("Syrians", "group", ["Syrians"]), ("Yemenis", "group", ["Yemenis"]),
                           ("airline", "organization", ["Syrian airline"]), BELARUS])
    evs = extract_events(doc)
    assert [(e.type, e.mode, e.source, e.target) for e in evs] == [
        ("COERCE", "restrict", ("Turkey",), ("Iraqis", "Syrians", "Yemenis")),
        ("SANCTION", "discontinue", ("airline",), ("Belarus",))]


def test_headlines_are_skipped_and_places_never_become_actors():
    doc = make_doc("Latvia expels diplomats\n\nTroops from Riga attacked the camp near Kuzmino.",
                   places=[("Riga", "LV"), ("Kuzmino", "BY")])
    assert extract_events(doc) == ()


def test_protest_without_actors_is_kept_with_its_place():
    doc = make_doc("Thousands of protesters rallied in Kuzmino on Saturday.",
                   actors=[("protesters", "group", ["protesters"])],
                   dates=[("on Saturday", "2021-11-13")], places=[("Kuzmino", "BY")])
    (ev,) = extract_events(doc)
    assert (ev.type, ev.mode, ev.source, ev.place, ev.date) == \
        ("PROTEST", "demo", ("protesters",), "Kuzmino", "2021-11-13")


def test_event_spans_point_into_the_text():
    doc = make_doc("Poland arrested 12 smugglers on the border.",
                   actors=[POLAND, ("smugglers", "group", ["smugglers"])])
    (ev,) = extract_events(doc)
    assert doc.clean_text[ev.sentence.start:ev.sentence.end] == doc.clean_text
    assert ev.trigger_text == "arrested" and 0 < ev.confidence <= 1


def test_lexicon_rows_are_valid_plover():
    lx = lexicon()
    table = plover.crosswalk()
    for rows in list(lx.verbs.values()) + list(lx.nouns.values()):
        for r in rows:
            assert r.type in EVENT_TYPES
            assert r.mode is None or plover.is_mode(r.type, r.mode), r
            assert r.cameo is None or plover.cameo_to_plover(r.cameo) is not None, r
    assert table["163"].type == "COERCE" and table["042"].mode == "visit"


def test_plover_scores_and_quads():
    assert plover.score("ASSAULT", "unconventional") == -10
    assert plover.score("ACCUSE") < 0 < plover.score("AID")
    assert plover.quad("SANCTION") == 4 and plover.quad("CONSULT") == 1
    assert plover.cameo_to_plover("0412") is plover.crosswalk()["041"]


def test_generic_people_and_partitives_are_the_civilian_group():
    doc = make_doc("Hundreds of migrants camped near the fence. Latvian guards detained 23 people "
                   "on Friday. On Sunday, a group of 30 people crossed the river, and 28 of them were "
                   "caught and detained, the guards said.",
                   actors=[("migrants", "group", ["migrants"], None, "REF"),
                           ("guards", "group", ["Latvian guards", "guards"], "LV", "POL")],
                   dates=[("on Friday", "2021-11-12"), ("On Sunday", "2021-11-14")])
    assert events(doc) == [("COERCE", ("guards",), ("migrants",), "occurred"),
                           ("COERCE", ("guards",), ("migrants",), "occurred")]


def test_forces_deployed_in_the_passive_are_moved_by_their_state():
    doc = make_doc("About 5,000 Latvian soldiers were deployed along the border.",
                   actors=[("Latvia", "country", ["Latvia"], "LV", "GOV"),
                           ("troops", "group", ["Latvian soldiers"], "LV", "MIL")])
    assert events(doc) == [("MOBILIZE", ("Latvia",), (), "occurred")]


def test_sanctions_held_by_a_regime_or_package():
    eu = ("EU", "organization", ["EU ministers", "Diplomats"])
    for text in ("EU ministers agreed to widen the bloc's sanctions regime against Belarus.",
                 "Diplomats are discussing a fifth package of sanctions against Minsk."):
        doc = make_doc(text, actors=[eu, BELARUS])
        assert [(t, s, g) for t, s, g, _ in events(doc)] == [("SANCTION", ("EU",), ("Belarus",))]


def test_a_warning_that_something_could_happen_is_a_threat():
    doc = make_doc("Lukashenko warned that his country could cut the flow of gas to Europe.",
                   actors=[("Lukashenko", "person", ["Lukashenko"]), ("EU", "organization", ["Europe"])])
    (ev,) = extract_events(doc)
    assert (ev.type, ev.source, ev.target) == ("THREATEN", ("Lukashenko",), ("EU",))
    doc = make_doc("Latvia could close the border.", actors=[LITHUANIA])
    assert events(doc) == []


def test_hostile_act_reported_by_the_other_side_is_an_accusation():
    guards = ("guards", "group", ["Polish guards"], "PL", "POL")
    doc = make_doc("Belarus said Polish guards had beaten the migrants.",
                   actors=[("Belarus", "country", ["Belarus"], "BY", "GOV"), guards,
                           ("migrants", "group", ["migrants"], None, "REF")])
    assert events(doc) == [("ACCUSE", ("Belarus",), ("guards",), "occurred")]
    doc = make_doc("Poland said Polish guards had detained the migrants.",
                   actors=[("Poland", "country", ["Poland"], "PL", "GOV"), guards,
                           ("migrants", "group", ["migrants"], None, "REF")])
    assert events(doc) == [("COERCE", ("guards",), ("migrants",), "occurred")]


def test_seed_article_events(seed_doc):
    names = {a.id: a.name for a in seed_doc.actors}
    got = {(e.type, tuple(names[i] for i in e.source)) for e in seed_doc.events}
    assert ("COERCE", ("Poland",)) in got
    assert ("SANCTION", ("European Union",)) in got
    consult = [e for e in seed_doc.events if e.type == "CONSULT"]
    assert len(consult) == 1 and consult[0].mode == "phone" and consult[0].date == "2021-11-14"
    assert len(seed_doc.events) <= 18


_WORDS = ["Poland", "said", "it", "arrested", "dozens", "of", "migrants", "on", "Sunday", "50",
          "2,000", "and", "rejects", "sanctions", "against", "Minsk", "would", "not", "to", "let",
          "them", "pass", "according", "the", "\n\n", ",", ".", '"', "between", "3", "-", "5",
          "€", "m", "thousands", "tens", "if", "could", "threatened", "refuses", "by", "were",
          "pushed", "back", "$", "one", "a", "hundred", "at", "least", "year-old", "%"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=0, max_size=40))
def test_never_crashes_on_word_salad(words):
    doc = make_doc(" ".join(words), actors=[POLAND, BELARUS, MIGRANTS])
    for ev in extract_events(doc):
        assert ev.type in EVENT_TYPES and ev.status in ("occurred", "planned", "denied")
        assert ev.source or ev.target or ev.type == "PROTEST"
    for f in extract_figures(doc):
        assert 0 <= f.span.start < f.span.end <= len(doc.clean_text)


EU_MINISTERS = ("ministers", "group", ["EU foreign ministers"], "EU", "GOV")
EU_BODY = ("EU", "organization", ["European Union", "EU"], "EU", "IGO")
BELARUS_BY = ("Belarus", "country", ["Belarus", "Minsk"], "BY", "GOV")


def test_an_agreement_taken_is_an_occurred_decision_and_an_expected_one_planned():
    done = make_doc("EU foreign ministers agreed on Monday to expand sanctions against Minsk.",
                    actors=[EU_MINISTERS, EU_BODY, BELARUS_BY], dates=[("on Monday", "2021-11-15")])
    (ev,) = extract_events(done)
    assert (ev.type, ev.status, ev.date, ev.target) == ("SANCTION", "occurred", "2021-11-15", ("Belarus",))
    assert ev.source == ("ministers", "EU")   # ministers act for their body
    planned = make_doc("EU foreign ministers are expected to agree on Monday to expand sanctions "
                       "against Minsk.", actors=[EU_MINISTERS, EU_BODY, BELARUS_BY],
                       dates=[("on Monday", "2021-11-15")])
    assert [(t, st) for t, _, _, st in events(planned)] == [("SANCTION", "planned")]
    # agreeing to a cooperative act is itself an agreement
    coop = make_doc("Belarus agreed to talk with the EU.", actors=[EU_BODY, BELARUS_BY])
    assert [t for t, _, _, _ in events(coop)] == ["AGREE"]


def test_a_spokesperson_reports_for_the_body_that_spoke_before():
    guard = ("Border Guard", "organization", ["Latvian Border Guard"], "LV", "POL")
    doc = make_doc("The Latvian Border Guard said it had recorded 200 attempts to cross. A group "
                   "of 30 people crossed the river, and 28 of them were detained, a border guard "
                   "spokeswoman said.", actors=[guard, ("migrants", "group", ["migrants"], None, "REF")])
    assert events(doc) == [("COERCE", ("Border Guard",), ("migrants",), "occurred")]


def test_a_pronoun_in_a_quote_is_not_a_speaker_of_another_kind():
    doc = make_doc('"They tried to break the fence, and we pushed them back," ministry spokesman '
                   'Jan Kowal told reporters.',
                   actors=[("Kowal", "person", ["spokesman Jan Kowal"], "PL", "GOV"), MIGRANTS])
    assert all("Kowal" not in ev.source or ev.type != "ASSAULT" for ev in extract_events(doc))


def test_what_someone_was_told_must_happen_is_a_request_of_them():
    doc = make_doc("Borrell said he had told Makei that the situation was unacceptable and that "
                   "aid agencies must be allowed to reach the camp. He also said that Minsk had "
                   "to stop the flights. The minister said: \"We have to be ready.\"",
                   actors=[("Borrell", "person", ["Borrell", "He"], "EU", "GOV"),
                           ("Makei", "person", ["Makei"], "BY", "GOV"), BELARUS_BY,
                           ("minister", "person", ["The minister"], "LV", "GOV")])
    assert [(t, s, g) for t, s, g, _ in events(doc)] == [("REQUEST", ("Borrell",), ("Makei",)),
                                                         ("REQUEST", ("Borrell",), ("Belarus",))]


def test_naming_an_act_illegitimate_accuses_whoever_did_it():
    doc = make_doc("The European Union imposed sanctions on Belarus on Thursday. The Belarusian "
                   "foreign ministry called the sanctions \"illegitimate\". The Polish minister "
                   "described the march as an attack organised by the government in Minsk.",
                   actors=[EU_BODY, BELARUS_BY,
                           ("ministry", "organization", ["Belarusian foreign ministry"], "BY", "GOV"),
                           ("minister", "person", ["Polish minister"], "PL", "GOV")])
    assert [(t, s, g) for t, s, g, _ in events(doc)] == [
        ("SANCTION", ("EU",), ("Belarus",)), ("ACCUSE", ("ministry",), ("EU",)),
        ("ACCUSE", ("minister",), ("Belarus",))]


def test_set_phrases_denial_of_blame_requests_and_dated_calls():
    uae = ("UAE", "country", ["United Arab Emirates"], "AE", "GOV")
    airline = ("Belavia", "organization", ["Belavia"], "BY", "BUS")
    merkel = ("Merkel", "person", ["Angela Merkel"], "DE", "GOV")
    luka = ("Lukashenko", "person", ["Lukashenko"], "BY", "GOV")
    doc = make_doc("Minsk says it is not to blame. Belavia stopped its flights from Dubai at the "
                   "request of the United Arab Emirates. Lukashenko asked Angela Merkel during "
                   "their call on Wednesday to open a corridor.",
                   actors=[BELARUS_BY, uae, airline, merkel, luka],
                   dates=[("on Wednesday", "2021-11-17")])
    got = [(e.type, e.source, e.target, e.date) for e in extract_events(doc)]
    assert ("REJECT", ("Belarus",), (), None) in got
    assert ("REQUEST", ("UAE",), ("Belavia",), None) in got
    assert ("CONSULT", ("Lukashenko",), ("Merkel",), "2021-11-17") in got


def test_a_return_flight_is_aid_from_the_state_it_flies_to():
    doc = make_doc("A second repatriation flight to Iraq left Minsk on Thursday with 420 people "
                   "on board. The United States announced sanctions against Belarus on the same day.",
                   actors=[("Iraq", "country", ["Iraq"], "IQ", "GOV"),
                           ("migrants", "group", ["migrants"], None, "REF"),
                           ("US", "country", ["The United States"], "US", "GOV"), BELARUS_BY],
                   dates=[("on Thursday", "2021-11-25")])
    got = [(e.type, e.source, e.status, e.date) for e in extract_events(doc)]
    assert got == [("AID", ("Iraq",), "occurred", "2021-11-25"),
                   ("SANCTION", ("US",), "occurred", "2021-11-25")]


def test_a_measure_acts_for_whoever_adopted_it():
    parliament = ("parliament", "organization", ["Latvia's parliament"], "LV", "LEG")
    doc = make_doc("Latvia's parliament approved a state of emergency on Wednesday. The measure "
                   "takes effect at midnight. It bars journalists from the border strip.",
                   actors=[parliament, LITHUANIA, ("journalists", "group", ["journalists"])],
                   dates=[("on Wednesday", "2021-11-10")])
    assert [(t, s, g) for t, s, g, _ in events(doc)] == [
        ("COERCE", ("parliament",), ()), ("COERCE", ("parliament",), ("journalists",))]
