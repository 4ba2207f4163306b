"""Figures: number shapes, qualifiers, categories, claimants, dates and places."""
from __future__ import annotations

from conftest import make_doc
from sitroom.records import Document
from sitroom.extract.figures.stage import extract_figures


def one(doc: Document, **want):
    figs = extract_figures(doc)
    hits = [f for f in figs if all(getattr(f, k) == v for k, v in want.items())]
    assert len(hits) == 1, (want, figs)
    return hits[0]


def test_exact_count_with_claimant_date_and_place():
    doc = make_doc("Border guards said on Saturday that 120 migrants crossed the frontier "
                   "near the village of Kuzmino.",
                   actors=[("border guards", "group", ["Border guards"]),
                           ("migrants", "group", ["migrants"])],
                   dates=[("on Saturday", "2021-11-13")], places=[("Kuzmino", "PL")])
    f = one(doc, category="crossings")
    assert (f.value, f.low, f.high, f.qualifier) == (120, 120, 120, "exact")
    assert f.subject == "migrants"
    assert f.claimed_by == "border guards" and f.claimed_by_text == "Border guards"
    assert f.date == "2021-11-13" and f.place == "Kuzmino"


def test_at_least_and_according_to():
    doc = make_doc("At least 12 people have died in the forest camps, according to aid agencies.",
                   actors=[("aid agencies", "group", ["aid agencies"])])
    f = one(doc, category="dead")
    assert (f.value, f.low, f.high, f.qualifier) == (12, 12, None, "at_least")
    assert f.claimed_by == "aid agencies"
    assert f.date is None   # no date in the clause: never the publication date


def test_vague_amounts():
    doc = make_doc("Police detained dozens of protesters. Tens of thousands of people gathered "
                   "in the capital, and hundreds of families were stranded at the crossing.")
    det = one(doc, category="detained")
    assert (det.value, det.low, det.high, det.qualifier) == (None, 24, None, "vague")
    crowd = one(doc, low=20000)
    assert crowd.category == "people" and crowd.qualifier == "vague"
    stranded = one(doc, low=200)
    assert stranded.category == "people"


def test_about_and_security_personnel():
    doc = make_doc("Some 3,000 troops were deployed to the frontier, while around 1.5 million "
                   "refugees remain in camps.")
    troops = one(doc, category="security_personnel")
    assert (troops.value, troops.low, troops.high, troops.qualifier) == (3000, 3000, 3000, "about")
    refugees = one(doc, value=1500000)
    assert refugees.qualifier == "about" and refugees.category == "people"


def test_money_in_symbols_and_words():
    doc = make_doc("The bloc pledged €25 million in aid, Britain gave $3m and Norway "
                   "added 40 million euros.")
    figs = [f for f in extract_figures(doc) if f.category == "money"]
    assert sorted((f.value, f.unit) for f in figs) == [(3000000, "USD"), (25000000, "EUR"),
                                                        (40000000, "EUR")]


def test_ranges():
    doc = make_doc("Between 300 and 500 migrants were pushed back by the guards. "
                   "Officials counted 20-30 boats and two or three buses.")
    push = one(doc, category="pushbacks")
    assert (push.value, push.low, push.high, push.qualifier) == (None, 300, 500, "range")
    assert one(doc, low=20).high == 30
    assert one(doc, low=2).high == 3


def test_at_most_and_missing():
    doc = make_doc("Up to 40 people are missing after the boat capsized.")
    f = one(doc, category="missing")
    assert (f.value, f.low, f.high, f.qualifier) == (40, None, 40, "at_most")


def test_number_words_and_returned():
    doc = make_doc("Two thousand refugees were repatriated to Iraq and twenty-five were flown home.")
    assert one(doc, value=2000).category == "returned"
    assert one(doc, value=25).category == "returned"


def test_victims_of_a_passive_killing_are_dead_not_troops():
    doc = make_doc("Five soldiers were killed and 20 civilians were injured in the attack.")
    assert one(doc, value=5).category == "dead"
    assert one(doc, value=20).category == "injured"


def test_things_that_are_not_figures():
    doc = make_doc("A 25-year-old man was questioned on November 14, 2021 after nearly 30 years "
                   "abroad, France 24 reported. Temperatures fell below zero, 40% of the budget "
                   "went unspent, the G7 met at 10:30 and officials called it the first time "
                   "in a decade. On the one hand, Article 5 applies; call +48 22 123 45 67.",
                   dates=[("November 14, 2021", "2021-11-14")])
    assert extract_figures(doc) == ()


def test_from_to_change_keeps_the_new_value():
    doc = make_doc("The death toll rose from 10 to 12 on Monday.", dates=[("on Monday", "2021-11-15")])
    f = one(doc, category="dead")
    assert f.value == 12 and f.date == "2021-11-15"


def test_repeated_figure_counted_once():
    doc = make_doc("About 200 migrants camped at the border. Officials said about 200 migrants "
                   "camped at the border.")
    assert len([f for f in extract_figures(doc) if f.value == 200]) == 1


def test_seed_article_figures(seed_doc):
    got = {(f.category, f.value, f.low, f.high, f.qualifier) for f in seed_doc.figures}
    assert ("crossings", 50, 50, 50, "exact") in got
    assert ("dead", 10, 10, None, "at_least") in got
    assert ("people", 2000, 2000, 2000, "about") in got
    assert ("detained", None, 24, None, "vague") in got
    assert ("people", None, 2000, None, "vague") in got
    assert len(seed_doc.figures) == 5
    crossing = next(f for f in seed_doc.figures if f.category == "crossings")
    assert crossing.date == "2021-11-13" and crossing.place == "Starzyna"
    assert crossing.claimed_by_text == "Police"


def test_a_group_counts_under_the_verb_of_the_group():
    doc = make_doc("A group of about 40 migrants broke through the fence overnight, and 31 of them "
                   "were detained. Another group of 25 people forced their way across the river.")
    assert one(doc, value=40).category == "crossings"
    assert one(doc, value=31).category == "detained"
    assert one(doc, value=25).category == "crossings"


def test_phrasal_verbs_and_noun_less_targets():
    doc = make_doc("The government will try to send the remaining 3,000 home. A third charter "
                   "flight landed on Monday, bringing the number flown home since May to more than 900.")
    assert one(doc, value=3000).category == "returned"
    f = one(doc, low=900)
    assert (f.category, f.qualifier) == ("returned", "at_least")


def test_comparison_inherits_the_category_it_compares_with():
    doc = make_doc("Officials said 8,000 troops were stationed along the border, up from about "
                   "5,000 in June.")
    assert one(doc, value=8000).category == "security_personnel"
    assert one(doc, value=5000).category == "security_personnel"


def test_people_counted_for_something_are_other_and_context_gives_returned():
    doc = make_doc("The bloc imposed sanctions on 14 people and proposed a corridor for 1,500 "
                   "refugees. The second repatriation flight left the capital with 380 people on board.")
    assert one(doc, value=14).category == "other"
    assert one(doc, value=1500).category == "other"
    assert one(doc, value=380).category == "returned"


def test_speakers_individuals_and_rates_are_no_figures():
    doc = make_doc("Two diplomats said the talks had stalled. One passenger, a 40-year-old teacher, "
                   "said the shelter served three meals a day.")
    assert extract_figures(doc) == ()


def test_a_relative_aside_is_the_writers_not_the_speakers():
    doc = make_doc("The first repatriation flight, which left the city with 250 people on board, "
                   "was only a start, the governor said.",
                   actors=[("governor", "person", ["the governor"])])
    f = one(doc, value=250)
    assert f.category == "returned" and f.claimed_by is None


def test_money_keeps_its_currency_from_the_quantity_reader():
    doc = make_doc("The bank lent HK$5.4m and pledged a further US$ 2 billion, while aid of "
                   "700,000 Swiss francs arrived.")
    got = sorted((f.value, f.unit) for f in extract_figures(doc) if f.category == "money")
    assert got == [(700000, "CHF"), (5400000, "HKD"), (2000000000, "USD")]


def test_title_case_headline_and_running_total():
    doc = make_doc("Poland Sends 600 More Troops To Border\n\nPoland sent 600 more soldiers to the "
                   "border on Monday, bringing the total to 16,000, the ministry said.")
    head = one(doc, text="600 More Troops")
    assert head.category == "security_personnel" and head.value == 600
    assert one(doc, value=16000).category == "security_personnel"


def test_verb_phrases_give_the_category():
    doc = make_doc("Eleven villagers lost their lives in the flood. Four fishermen were taken into "
                   "custody on Monday, and nine others were taken to hospital.")
    assert one(doc, value=11).category == "dead"
    assert one(doc, value=4).category == "detained"
    assert one(doc, value=9).category == "injured"


def test_relative_clauses_and_event_nouns_give_the_category():
    doc = make_doc("Over 300 people who were arrested at the rally were freed on bail. The port "
                   "saw the return home of 140 sailors, and mourners marked the deaths of seven "
                   "students.")
    assert one(doc, value=300).category == "detained"
    assert one(doc, value=140).category == "returned"
    assert one(doc, value=7).category == "dead"


def test_part_of_a_group_shares_its_category_and_dead_or_missing_is_missing():
    doc = make_doc("Twenty passengers, including three children, were injured in the crash. "
                   "More than 40 fishermen were feared dead or missing after the storm.")
    assert one(doc, value=20).category == "injured"
    assert one(doc, value=3).category == "injured"
    assert one(doc, value=40).category == "missing"


def test_the_counting_subject_is_not_the_count():
    doc = make_doc("Organisers said 90,000 people marched, while police estimated the crowd at "
                   "25,000.")
    assert one(doc, value=25000).category == "people"


def test_claimant_of_data_and_of_a_body_named_by_a_common_noun():
    doc = make_doc("According to figures from the Health Ministry, 14 people were wounded. "
                   "Estonia's state rail company said two workers were killed.",
                   actors=[("Health Ministry", "organization", ["Health Ministry"]),
                           ("Estonia", "country", ["Estonia"], "EE", "GOV")])
    assert one(doc, value=14).claimed_by == "Health Ministry"
    f = one(doc, value=2)
    assert f.category == "dead" and f.claimed_by is None
    assert f.claimed_by_text == "Estonia's state rail company"


def test_a_count_after_a_day_of_the_month_is_no_year():
    doc = make_doc("Guards said that between Aug. 2 and Aug. 9, 412 people were detained.")
    f = one(doc, value=412)
    assert f.category == "detained"


def test_as_per_names_the_claimant():
    doc = make_doc("As per figures from the coast guard, 37 people were rescued at sea.",
                   actors=[("coast guard", "organization", ["coast guard"])])
    assert one(doc, value=37).claimed_by == "coast guard"


def test_hyphenated_descriptions_are_no_counts_and_a_state_after_the_noun_counts():
    doc = make_doc("The 12-nation bloc met after the 6.1-magnitude quake. Ferry sinks; "
                   "9 passengers dead.")
    figs = extract_figures(doc)
    assert not [f for f in figs if f.value in (12, 6.1)]
    assert one(doc, value=9).category == "dead"


def test_several_counts_deaths_not_presence():
    doc = make_doc("Several people were shot dead near the square. Several journalists watched.")
    f = one(doc, category="dead")
    assert (f.value, f.low, f.qualifier) == (None, 3, "vague")
    assert len(extract_figures(doc)) == 1
