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
