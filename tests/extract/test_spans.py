"""Entity boundaries the small model cuts short, repaired by ``kg_spans`` (real model)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text,name,label", [
    ("Ryanair CEO, Michael O' Leary, justified his choice of Boeing.", "Michael O' Leary", "PERSON"),
    ("Air France Flight 447 crashed into the Atlantic.", "Air France Flight 447", "ORG"),
    ("Northrop Grumman and European Aeronautic Defence and Space Company EADS N.V. won.",
     "European Aeronautic Defence and Space Company", "ORG"),
    ("It reached number 5 on the US Billboard Hot 100 in 1969.", "US Billboard Hot 100", None),
], ids=["irish-surname", "flight-number", "and-in-company-name", "chart-number"])
def test_spans_repaired(nlp, text, name, label):
    ents = [(e.text, e.label_) for e in nlp(text).ents]
    assert (name, label) in ents if label else name in [t for t, _ in ents]


def test_spans_two_companies_joined_by_and_stay_two(nlp):
    ents = [e.text for e in nlp("Boeing and Airbus and Embraer Group compete.").ents]
    assert "Embraer Group" in ents and not any(" and " in e for e in ents)


@pytest.mark.parametrize("text,names", [
    ("The software update, iPod Software 1.1.1, works with the new players.", ["iPod Software 1.1.1"]),
    ("The line includes the Macbook and Macbook Pro.", ["Macbook", "Macbook Pro"]),
], ids=["version-number", "name-repeated-after-and"])
def test_spans_joined_or_cut_names(nlp, text, names):
    ents = [e.text for e in nlp(text).ents]
    assert all(n in ents for n in names), ents
    assert not any(" and " in e for e in ents)


def test_spans_possessive_inside_a_name_stays(nlp):
    text = "In other news, the Toronto Bond Traders' Association said it is recommending an early close."
    assert "Toronto Bond Traders' Association" in [e.text for e in nlp(text).ents]


def test_spans_version_number_needs_a_product_or_two_dots(nlp):
    ents = [e.text for e in nlp("Shares of Acme Corporation 1.5 points up.").ents]
    assert "Acme Corporation 1.5" not in ents


def test_spans_acronym_in_brackets_is_a_name(nlp):
    doc = nlp("They will supply the United States Air Force (USAF) with tankers. "
              "Senator John McCain (R-AZ) objected.")
    ents = {e.text: e.label_ for e in doc.ents}
    assert ents.get("USAF") == "ORG"
    assert "R-AZ" not in ents  # a person defines no acronym


@pytest.mark.parametrize("text,name", [
    ("Boeing said the 777-200LR can fly for 20 hours.", "777-200LR"),
    ('Boeing said: "The Boeing 737-800 has the best reliability."', "Boeing 737-800"),
    ("The fleet of Airbus consists of 24 A320s and six A321s.", "A320s"),
], ids=["variant", "maker-and-variant", "counted"])
def test_spans_aircraft_model_variants(nlp, text, name):
    assert name in [e.text for e in nlp(text).ents]


def test_spans_two_places_joined_by_and_are_places(nlp):
    """The model's one ORG over two parks is two places."""
    from spacy.tokens import Span

    from kg.extract.components import _split

    doc = nlp.make_doc("They visited Ovre Pasvik National Park and Ovre Pasvik Landscape Protection Area.")
    parts = _split(doc, Span(doc, 2, 12, label="ORG"))
    assert [(p.text, p.label_) for p in parts] == [
        ("Ovre Pasvik National Park", "LOC"), ("Ovre Pasvik Landscape Protection Area", "LOC")]
    one = _split(doc, Span(doc, 2, 6, label="ORG"))
    assert [p.text for p in one] == ["Ovre Pasvik National Park"]
