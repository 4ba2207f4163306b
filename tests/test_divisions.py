"""Divisions and regions for the built-in gazetteer: name cleaning, generic names, shipped table."""
from __future__ import annotations

import pytest

from sitroom.knowledge import divisions as D


@pytest.mark.parametrize("raw,expected", [
    ("Bristol, City of", {"Bristol", "City of Bristol"}),
    ("Wales [Cymru GB-CYM]", {"Wales", "Cymru"}),
    ("Ilocos (Region I)", {"Ilocos"}),
    ("Anhui Sheng", {"Anhui Sheng", "Anhui"}),
    ("Amurskaja oblast'", {"Amurskaja oblast'", "Amurskaja"}),
    ("Bournemouth, Christchurch and Poole", {"Bournemouth, Christchurch and Poole"}),
])
def test_iso_names_are_cleaned(raw, expected):
    assert D._clean_names(raw) == expected


def test_english_alternates_leave_sobriquets_and_codes_out():
    other = ("Vrystaat (afr), Orange Free State (eng), The Garden Province (eng), KZN (eng), "
             "Land of Beauty (eng), 'Adygea' (eng)")
    assert D._english_alternates(other) == {"Orange Free State", "Adygea"}
    assert D._english_alternates(None) == set()


@pytest.mark.parametrize("name,generic", [
    ("North West", True), ("North-West", True), ("Central", True), ("Eastern Province", True),
    ("Capital District", True), ("North Kivu", False), ("Limpopo", False), ("West Virginia", False),
])
def test_generic_names(name, generic):
    assert D.generic_name(name) is generic


def test_bare_name_drops_the_designation():
    assert D.bare_name("Anhui Sheng") == "Anhui"
    assert D.bare_name("Departement de la Gironde") == "Gironde"
    assert D.bare_name("Kerala") == "Kerala"


def test_middle_is_the_trimmed_box_centre():
    pts = [(10.0, 20.0), (12.0, 24.0), (11.0, 22.0)]
    assert D.middle(pts) == (11.0, 22.0)
    # a far outlier among many points does not drag the middle
    many = [(50.0 + i / 100, 10.0) for i in range(100)] + [(80.0, 10.0)]
    lat, _ = D.middle(many)
    assert 50.0 < lat < 51.0
    assert D.middle([]) == (None, None)


def test_shipped_regions_table_is_well_formed():
    rows = D.regions()
    assert len(rows) >= 100
    names = [n.lower() for r in rows for n in r.names]
    assert len(names) == len(set(names)), "a name stands for one region only"
    for r in rows:
        assert -90 <= r.lat <= 90 and -180 <= r.lon <= 180 and r.level == 0
        assert r.cc is None or len(r.cc) == 2
    black = next(r for r in rows if r.name == "Black Sea")
    assert 41 < black.lat < 47 and 28 < black.lon < 42


def test_package_files_are_found_without_importing():
    assert D.package_file("no_such_package_here", "x.csv") is None
    assert D.package_version("no-such-distribution-here") == "none"
