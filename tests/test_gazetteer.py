"""Country names and demonyms, and the gazetteer: lookup, variants, resolution in context."""
from __future__ import annotations

import pickle

import pytest

from sitroom.errors import ResourceError
from sitroom.knowledge import countries as C
from sitroom.knowledge.gazetteer import Gazetteer
from sitroom.knowledge.spelling import normalize, spelling_key


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
    # a country is pinned near its middle, not at its capital
    assert (c.lat, c.lon) == (52.0, 20.0)
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


def test_spelling_key_transliterates_cyrillic():
    assert spelling_key("Брузги") == spelling_key("Bruzgi") == spelling_key("Brouzgi")
    assert spelling_key("Гродно") == spelling_key("Grodno")


def test_divisions_and_cities_by_prominence(gaz):
    # the state before a small town of that name; a big city before its state
    assert gaz.resolve("California", ["US"]).feature == "admin1"
    assert gaz.resolve("Washington", ["US"]).feature == "city"
    ca = gaz.lookup("California")[0]
    assert ca.lat is not None and 34 < ca.lat < 40 and -123 < ca.lon < -116


def test_own_name_before_an_alias(gaz):
    # Harare was once called Salisbury; in a British context it is the English city
    assert gaz.resolve("Salisbury", ["GB", "RU"]).country == "GB"


# A few lines in the format of GeoNames dumps (19 tab-separated columns), written here.
def _dump_line(gid, name, alt, lat, lon, fclass, fcode, cc, adm1, pop):
    return "\t".join([str(gid), name, name, alt, str(lat), str(lon), fclass, fcode, cc, "", adm1,
                      "", "", "", str(pop), "", "150", "Europe/Minsk", "2020-01-01"]) + "\n"


@pytest.fixture(scope="module")
def local_index(tmp_path_factory):
    from sitroom.knowledge.geonames import import_geonames
    d = tmp_path_factory.mktemp("geonames")
    dump = d / "BY.txt"
    dump.write_text(
        _dump_line(9900001, "Zzarechnaya", "Zarechnaya,Sarechnaja", 53.61, 23.74, "P", "PPL", "BY", "03", 120)
        + _dump_line(9900002, "Tinyville", "", 53.0, 23.0, "P", "PPL", "BY", "03", 5)
        + _dump_line(9900003, "Zzarech Checkpoint", "", 53.62, 23.75, "S", "PSTB", "BY", "03", 0)
        + _dump_line(9900004, "Belarus", "", 53.0, 28.0, "A", "PCLI", "BY", "00", 9000000),
        encoding="utf-8")
    alt = d / "alternateNames.txt"
    alt.write_text("1\t9900001\tru\tЗаречная\t\t\t\t\n2\t9900001\tlink\thttps://example.org\t\t\t\t\n",
                   encoding="utf-8")
    index = d / "local.sqlite"
    res = import_geonames(dump, alt, index, min_population=10)
    return index, res


def test_import_geonames_dump(local_index):
    index, res = local_index
    # the tiny town is skipped, the country row is left to the built-in index
    assert res.places == 2 and res.skipped == 1 and index.exists()


def test_imported_places_resolve_beside_the_built_in_ones(local_index):
    g = Gazetteer.load(str(local_index[0]))
    hit = g.resolve("Zzarechnaya", ["BY"])
    assert hit is not None and hit.geonameid == 9900001 and (hit.lat, hit.lon) == (53.61, 23.74)
    assert g.lookup("Заречная")[0].geonameid == 9900001          # alternate name, Cyrillic
    assert g.lookup("Sarechnaja")[0].geonameid == 9900001
    assert g.lookup("Zzarech Checkpoint")[0].feature == "spot"
    assert g.resolve("Minsk").country == "BY"                    # the built-in index still answers
    assert g.lookup("Tinyville") == []
    assert pickle.loads(pickle.dumps(g)).lookup("Zzarechnaya")[0].geonameid == 9900001


def test_import_rejects_a_file_that_is_no_dump(tmp_path):
    from sitroom.errors import InputError
    from sitroom.knowledge.geonames import import_geonames
    bad = tmp_path / "notes.txt"
    bad.write_text("just some notes\nnothing tabular\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a GeoNames dump"):
        import_geonames(bad, dest=tmp_path / "x.sqlite")


def test_gazetteer_import_command(tmp_path):
    from click.testing import CliRunner
    from sitroom.cli import cli
    dump = tmp_path / "PL.txt"
    dump.write_text(_dump_line(9900010, "Zzstarzyna", "", 53.3, 23.5, "P", "PPL", "PL", "81", 200),
                    encoding="utf-8")
    index = tmp_path / "pl.sqlite"
    out = CliRunner().invoke(cli, ["gazetteer", "import", str(dump), "--index", str(index)])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("imported 1 places and 1 names into")
    out = CliRunner().invoke(cli, ["gazetteer", "lookup", "Zzstarzyna", "--context", "PL",
                                   "--index", str(index)])
    assert out.exit_code == 0 and '"geonameid": 9900010' in out.output and '"chosen": true' in out.output
    out = CliRunner().invoke(cli, ["gazetteer", "import", str(tmp_path / "missing.txt")])
    assert out.exit_code != 0 and "no such file" in out.output


def test_named_division_places_its_towns(gaz):
    nj = gaz.resolve("Riverdale", ["US"], divisions=frozenset({("US", "NJ")}))
    ga = gaz.resolve("Riverdale", ["US"], divisions=frozenset({("US", "GA")}))
    assert nj.admin1 == "NJ" and ga.admin1 == "GA"
    assert gaz.division("US", "NC").name == "North Carolina"


def test_provinces_and_states_of_other_countries(gaz):
    for name, cc in (("Ontario", "CA"), ("Kerala", "IN"), ("Bavaria", "DE"), ("Limpopo", "ZA"),
                     ("Gilgit-Baltistan", "PK"), ("Benue", "NG")):
        hit = gaz.resolve(name)
        assert hit is not None and hit.country == cc and hit.feature == "admin1", name
        assert hit.lat is not None and hit.admin1, name
    # English and ISO names of one division lead to it: "Anhui" is Anhui Sheng
    assert gaz.resolve("Anhui").country == "CN"


def test_division_weighed_against_a_namesake_city(gaz):
    # the province before a Californian city of 175,000; a metropolis before its state
    assert gaz.resolve("Ontario").feature == "admin1"
    assert gaz.resolve("New York").feature == "city"
    # a town that merely lists the name among its others does not take it
    assert gaz.resolve("Victoria").country != "HK"


def test_us_counties(gaz):
    oc = gaz.resolve("Orange County")
    assert oc.feature == "admin2" and (oc.country, oc.admin1) == ("US", "CA")
    assert 33 < oc.lat < 34.5 and -118.5 < oc.lon < -117
    ny = gaz.resolve("Orange County", ["US"], divisions=frozenset({("US", "NY")}))
    assert ny.admin1 == "NY"


def test_second_level_divisions_elsewhere(gaz):
    tipp = gaz.lookup("County Tipperary")
    assert tipp and tipp[0].feature == "admin2" and tipp[0].country == "IE"
    assert gaz.lookup("Tipperary")[0].key == tipp[0].key
    assert gaz.resolve("Kent", ["GB"]).feature == "admin2"


def test_generic_division_needs_its_country(gaz):
    assert gaz.resolve("North West") is None
    hit = gaz.resolve("North West", ["ZA"])
    assert hit is not None and hit.country == "ZA" and hit.feature == "admin1"


def test_seas_oceans_and_regions(gaz):
    black = gaz.resolve("Black Sea")
    assert black.feature == "region" and black.country is None and 41 < black.lat < 47
    # the ocean, not a small town of that name in a country the text speaks of
    assert gaz.resolve("Pacific", ["US"]).name == "Pacific Ocean"
    assert gaz.resolve("Gaza Strip").country == "PS"


def test_divisions_have_no_made_up_geonames_ids(gaz):
    for c in gaz.lookup("Kerala") + gaz.lookup("Orange County") + gaz.lookup("Black Sea"):
        assert c.geonameid is None or c.geonameid > 0
        assert c.key != 0


def test_own_name_before_another_spelling(gaz):
    # GeoNames lists "Southold" among the names of South Bend; the town called so wins
    assert gaz.resolve("Southold", ["US"]).name == "Southold"
    # but a spelling of the one well-known place of that name is still found
    assert gaz.resolve("Grodno").name == "Hrodna"


def test_town_of_a_named_division_without_other_context(gaz):
    hit = gaz.resolve("Centreville", divisions=frozenset({("US", "VA")}))
    assert hit is not None and hit.admin1 == "VA"
    # without any context, an alias of a bigger town elsewhere is no answer
    assert gaz.resolve("Centreville") is None or gaz.resolve("Centreville").name == "Centreville"


def test_country_part(gaz):
    assert gaz.country_part("England", "GB").name == "England"
    assert gaz.country_part("Mexico", "MX") is None     # the country's own name, not a state


def test_unusable_index_file_is_rebuilt_not_opened(tmp_path):
    from sitroom.knowledge.gazetteer import _usable
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    assert not _usable(empty) and not _usable(tmp_path / "missing.sqlite")
    foreign = tmp_path / "foreign.sqlite"
    foreign.write_text("not a database", encoding="utf-8")
    assert not _usable(foreign)
