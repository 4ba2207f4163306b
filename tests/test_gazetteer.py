"""Country names and demonyms, and the gazetteer: lookup, variants, resolution in context."""
from __future__ import annotations

import pickle

import pytest

from sitroom.errors import ResourceError
from sitroom.extract import countries as C
from sitroom.extract.gazetteer import Gazetteer, normalize, spelling_key


@pytest.mark.parametrize("name,code", [
    ("Belarus", "BY"), ("the United States", "US"), ("United States", "US"), ("U.S.", "US"),
    ("US", "US"), ("USA", "US"), ("UK", "GB"), ("Britain", "GB"), ("Russia", "RU"),
    ("Russian Federation", "RU"), ("Poland", "PL"), ("Syria", "SY"), ("Turkey", "TR"),
    ("Türkiye", "TR"), ("European Union", "EU"), ("EU", "EU"), ("POL", "PL"),
    ("The Netherlands", "NL"), ("Belarus's", "BY"), ("Republic of Poland", "PL"),
])
def test_country_code(name, code):
    assert C.country_code(name) == code


@pytest.mark.parametrize("name", ["us", "usa", "pol", "Europe", "Westerners", "", "Minsk"])
def test_country_code_rejects(name):
    # lowercase codes are ordinary words; a continent or a capital is not a country name
    assert C.country_code(name) is None


@pytest.mark.parametrize("word,code,people", [
    ("Belarusian", "BY", False), ("Belarusians", "BY", True), ("Belarussian", "BY", False),
    ("Polish", "PL", False), ("Poles", "PL", True), ("Iraqis", "IQ", True), ("Syrian", "SY", False),
    ("Yemenis", "YE", True), ("American", "US", False), ("Britons", "GB", True),
    ("European", "EU", False), ("Europeans", "EU", True),
])
def test_demonyms(word, code, people):
    assert C.demonym_code(word) == code
    assert C.demonym_is_people(word) is people


def test_bloc_words_are_no_demonyms():
    assert C.demonym_code("Western") is None
    assert C.demonym_code("Westerners") is None
    assert not C.demonym_is_people("Westerners")


def test_demonym_table_covers_the_world():
    codes = set(C.all_demonyms().values())
    assert len(codes) >= 190
    # every code in the table is a real country (or the EU)
    assert all(C.country_name(c) for c in codes)


@pytest.mark.parametrize("name,code", [
    ("Minsk", "BY"), ("Warsaw", "PL"), ("Moscow", "RU"), ("Washington", "US"),
    ("Brussels", "BE"), ("Kyiv", "UA"), ("Kiev", "UA"), ("Ankara", "TR"), ("Bogotá", "CO"),
])
def test_capital_code(name, code):
    assert C.capital_code(name) == code


def test_country_name_and_matcher_table():
    assert C.country_name("BY") == "Belarus"
    assert C.country_name("EU") == "European Union"
    assert C.country_name("ZZ") is None
    names = C.all_country_names()
    assert names["belarus"] == "BY" and names["united states"] == "US"
    # bare codes would match ordinary words ("us") in a lowercase matcher
    assert "us" not in names and "uk" not in names


def test_normalize_and_spelling_key():
    assert normalize("Kuźnica") == normalize("Kuznica") == "kuznica"
    assert normalize("Łódź") == "lodz"
    assert normalize("The Hague") == "hague"
    assert spelling_key("Brouzgi") == spelling_key("Bruzgi")
    assert spelling_key("Kharkov") == spelling_key("Harkov")
    assert spelling_key("Warszawa") == spelling_key("Varszava")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_lookup_ignores_accents(gaz):
    hits = gaz.lookup("Kuznica")
    assert hits and hits[0].name == "Kuźnica" and hits[0].country == "PL"
    assert gaz.lookup("Bialystok")[0].country == "PL"


def test_lookup_alternate_names(gaz):
    # GeoNames lists both romanisations of the Belarusian city
    grodno, hrodna = gaz.lookup("Grodno"), gaz.lookup("Hrodna")
    assert grodno and grodno[0].geonameid == hrodna[0].geonameid
    assert grodno[0].country == "BY"


def test_lookup_spelling_variant(gaz):
    hits = gaz.lookup("Mohilev")
    assert hits and hits[0].country == "BY" and not hits[0].exact


def test_countries_rank_first(gaz):
    c = gaz.lookup("Poland")[0]
    assert c.feature == "country" and c.country == "PL"
    assert c.lat is not None   # capital coordinates stand in for the country
    assert gaz.country("BY").name == "Belarus"
    assert gaz.country("Türkiye").country == "TR"
    assert gaz.country("EU") is None


def test_resolve_capital_and_metropolis(gaz):
    assert gaz.resolve("Minsk").country == "BY"
    assert gaz.resolve("Warsaw").country == "PL"
    # a document naming the US does not turn Paris into a Texas town
    assert gaz.resolve("Paris", ["US"]).country == "FR"
    assert gaz.resolve("Washington").country == "US"


def test_resolve_with_hint(gaz):
    assert gaz.resolve("Warsaw", hint_country="US").country == "US"
    # only namesakes in other countries: better unresolved than wrong
    assert gaz.resolve("Odessa", hint_country="PL") is None
    assert gaz.resolve("Kuznica", hint_country="PL").name == "Kuźnica"


def test_resolve_with_context(gaz):
    assert gaz.resolve("Brest", ["BY", "PL"]).country == "BY"
    assert gaz.resolve("Brest", ["FR"]).country == "FR"
    assert gaz.resolve("Kuznica", ["PL", "BY"]).country == "PL"
    # a village outside every context country is no answer
    assert gaz.resolve("Kuznica", ["LT"]) is None
    assert gaz.resolve("Kuznica") is None


def test_unknown_names(gaz):
    assert gaz.lookup("Qqxzzy") == []
    assert gaz.resolve("Qqxzzy", ["PL"]) is None
    assert gaz.lookup("") == []


def test_pickles_without_connection(gaz):
    g2 = pickle.loads(pickle.dumps(gaz))
    assert g2.resolve("Minsk").country == "BY"


def test_load_missing_path_says_so(tmp_path):
    with pytest.raises(ResourceError, match="does not exist"):
        Gazetteer.load(str(tmp_path / "nope.sqlite"))


def test_load_alternative_index(gaz):
    other = Gazetteer.load(str(gaz.path))
    assert other.resolve("Warsaw").country == "PL"
