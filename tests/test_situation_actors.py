"""Cross-document actor identity."""
import random

from sitroom.records import Actor
from sitroom.situation.actors import names_compatible, person_tokens, resolve_actors


def person(i, name, country=None, role=None, aliases=(), sector=None):
    return Actor(i, name, tuple(aliases), "person", country, sector, role)


def by_member(gas):
    return {m: g for g in gas for m in g.members}


def test_surname_and_full_name_merge_across_documents():
    gas = resolve_actors([
        ("d1", person("a1", "Borrell", "EU")),
        ("d2", person("a3", "Josep Borrell", "EU", "head of EU diplomacy",
                      aliases=("EU foreign policy chief Josep Borrell",))),
        ("d3", person("a2", "J. Borrell")),
    ])
    assert len(gas) == 1
    g = gas[0]
    assert g.name == "Josep Borrell"
    assert g.country == "EU" and g.role == "head of EU diplomacy"
    assert set(g.members) == {("d1", "a1"), ("d2", "a3"), ("d3", "a2")}
    assert "Borrell" in g.aliases and "J. Borrell" in g.aliases
    assert g.id == "A1"


def test_shared_surname_in_different_countries_stays_apart():
    gas = resolve_actors([
        ("d1", person("a1", "Andrzej Duda", "PL", "president")),
        ("d2", person("a1", "Jan Duda", "CZ", "mayor")),
        ("d3", person("a4", "Duda", "PL")),
        ("d4", person("a2", "Duda", "CZ")),
    ])
    m = by_member(gas)
    assert m[("d1", "a1")] is m[("d3", "a4")]
    assert m[("d2", "a1")] is m[("d4", "a2")]
    assert m[("d1", "a1")] is not m[("d2", "a1")]
    assert {g.name for g in gas} == {"Andrzej Duda", "Jan Duda"}


def test_bare_surname_between_two_people_is_not_guessed():
    gas = resolve_actors([
        ("d1", person("a1", "Andrzej Duda", "PL")),
        ("d2", person("a1", "Jan Duda", "CZ")),
        ("d3", person("a1", "Duda")),
    ])
    assert len(gas) == 3


def test_different_given_names_same_country_stay_apart():
    gas = resolve_actors([("d1", person("a1", "Anna Novak", "CZ")),
                          ("d2", person("a1", "Pavel Novak", "CZ"))])
    assert len(gas) == 2


def test_spelling_variants_merge():
    gas = resolve_actors([
        ("d1", person("a1", "Alexander Lukashenko", "BY")),
        ("d2", person("a5", "Aleksandr Lukashenka", "BY")),
        ("d3", person("a2", "Lukashenko")),
    ])
    assert len(gas) == 1
    assert gas[0].name == "Alexander Lukashenko"


def test_handle_links_person():
    gas = resolve_actors([
        ("d1", person("a1", "Kestutis Ramanauskas", "LT", aliases=("@KRamanauskas",))),
        ("d2", person("a2", "@KRamanauskas")),
    ])
    assert len(gas) == 1


def test_countries_merge_by_code_and_keep_names():
    gas = resolve_actors([
        ("d1", Actor("a1", "Belarus", ("Minsk",), "country", "BY", "GOV", None)),
        ("d2", Actor("a2", "Belarus", ("Belarusian authorities",), "country", "BY", "GOV", None)),
        ("d2", Actor("a3", "Poland", ("Warsaw",), "country", "PL", "GOV", None)),
    ])
    assert [g.name for g in gas] == ["Belarus", "Poland"]
    assert set(gas[0].aliases) == {"Minsk", "Belarusian authorities"}
    assert gas[0].members == (("d1", "a1"), ("d2", "a2"))


def test_organizations_merge_by_alias_and_country():
    gas = resolve_actors([
        ("d1", Actor("a1", "European Union", ("EU",), "organization", "EU", "IGO", None)),
        ("d2", Actor("a4", "EU", (), "organization", "EU", "IGO", None)),
        ("d1", Actor("a2", "defence ministry", (), "organization", "PL", "GOV", None)),
        ("d2", Actor("a5", "defence ministry", (), "organization", "BY", "GOV", None)),
        ("d3", Actor("a1", "defence ministry", (), "organization", "PL", "GOV", None)),
    ])
    m = by_member(gas)
    assert m[("d1", "a1")] is m[("d2", "a4")]
    assert m[("d1", "a1")].name == "European Union"
    assert m[("d1", "a2")] is m[("d3", "a1")]
    assert m[("d1", "a2")] is not m[("d2", "a5")]
    assert len(gas) == 3


def test_groups_merge_by_name_and_country():
    gas = resolve_actors([
        ("d1", Actor("a1", "border guards", (), "group", "PL", "POL", None)),
        ("d2", Actor("a1", "border guards", (), "group", "LT", "POL", None)),
        ("d3", Actor("a7", "Border guards", (), "group", "PL", "POL", None)),
        ("d1", Actor("a2", "migrants", (), "group", None, "REF", None)),
        ("d2", Actor("a2", "migrants", (), "group", None, "REF", None)),
    ])
    m = by_member(gas)
    assert m[("d1", "a1")] is m[("d3", "a7")]
    assert m[("d1", "a1")] is not m[("d2", "a1")]
    assert m[("d1", "a2")] is m[("d2", "a2")]
    assert len(gas) == 3


def test_kinds_do_not_mix():
    gas = resolve_actors([
        ("d1", Actor("a1", "Jordan", (), "country", "JO", "GOV", None)),
        ("d2", person("a1", "Jordan")),
    ])
    assert len(gas) == 2


def test_names_compatible():
    t = person_tokens
    assert names_compatible(t("von der Leyen"), t("Ursula von der Leyen"))
    assert names_compatible(t("Xi"), t("Xi Jinping"))
    assert names_compatible(t("Josep Borrell"), t("Josep Borrell Fontelles"))
    assert not names_compatible(t("Andrzej Duda"), t("Jan Duda"))
    assert not names_compatible(t("Leyen"), t("Ursula von der Linden"))


def test_resolution_is_near_linear():
    # 4,000 distinct people plus repeated mentions: blocking keeps this fast.
    rng = random.Random(7)
    syll = ["ka", "lo", "mir", "sen", "dra", "vo", "bel", "tu", "rak", "ne", "gor", "pi", "zan"]
    seen, people = set(), []
    while len(people) < 4000:
        last = "".join(rng.choice(syll) for _ in range(4)).capitalize()
        if last not in seen:
            seen.add(last)
            people.append(("".join(rng.choice(syll) for _ in range(2)).capitalize(), last))
    items = []
    for i, (first, last) in enumerate(people):
        items.append((f"d{i}", person("a1", f"{first} {last}", "PL")))
        items.append((f"e{i}", person("a1", last, "PL")))
    gas = resolve_actors(items)
    assert len(gas) <= 4000 and len(gas) > 3900     # a few spelling-alike pairs may merge
    assert all(len(g.members) >= 2 for g in gas)


def test_role_descriptions_match_only_the_same_description():
    gas = resolve_actors([
        ("d1", person("a1", "Belarusian foreign minister", "BY", "foreign minister")),
        ("d2", person("a1", "Belarusian foreign minister", "BY", "foreign minister")),
        ("d3", person("a1", "Russian foreign minister", "RU", "foreign minister")),
        ("d4", person("a1", "Sergei Minister", "RU")),
        ("d5", person("a1", "senior diplomat", "EU", "diplomat")),
        ("d6", person("a2", "Polish Border Guard spokeswoman", "PL", "spokesperson")),
        ("d7", person("a3", "German government spokeswoman", "DE", "spokesperson")),
    ])
    m = by_member(gas)
    assert m[("d1", "a1")] is m[("d2", "a1")]
    assert m[("d6", "a2")] is not m[("d7", "a3")]
    assert len(gas) == 6


def test_generic_aliases_and_spelling():
    gas = resolve_actors([
        ("d1", Actor("a1", "Border Help", ("volunteers",), "organization", "PL", "NGO", None)),
        ("d2", Actor("a1", "Forest Watch", ("volunteers", "the group"), "organization", "PL", "NGO", None)),
        ("d3", Actor("a1", "humanitarian organisations", (), "group", None, "NGO", None)),
        ("d4", Actor("a1", "humanitarian organizations", (), "group", None, "NGO", None)),
        ("d5", Actor("a1", "defence ministry", (), "organization", "PL", "GOV", None)),
        ("d6", Actor("a1", "defense ministry", (), "organization", "PL", "GOV", None)),
    ])
    m = by_member(gas)
    assert m[("d1", "a1")] is not m[("d2", "a1")]
    assert m[("d3", "a1")] is m[("d4", "a1")]
    assert m[("d5", "a1")] is m[("d6", "a1")]
