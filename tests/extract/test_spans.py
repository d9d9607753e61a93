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


def _span(nlp, text, words, label):
    """The span over the first run of ``words`` in ``nlp(text)`` (tagged: the repairs read
    part-of-speech tags), labelled ``label``."""
    from spacy.tokens import Span

    doc = nlp(text)
    toks = [t.text for t in doc]
    at = next(i for i in range(len(toks)) if toks[i:i + len(words)] == words)
    return doc, Span(doc, at, at + len(words), label=label)


@pytest.mark.parametrize("text,words,label,parts", [
    ("Flights go from the island to Palermo and Catania on the mainland.",
     ["Palermo", "and", "Catania"], "GPE",
     [("Palermo", "GPE"), ("Catania", "GPE")]),
    ("He played in Trinidad and Tobago for years.", ["Trinidad", "and", "Tobago"], "GPE",
     [("Trinidad and Tobago", "GPE")]),
    ("Procter and Gamble reported higher sales.", ["Procter", "and", "Gamble"], "ORG",
     [("Procter and Gamble", "ORG")]),
], ids=["two-places", "a-country-named-so", "a-company"])
def test_spans_two_places_joined_by_and_split(nlp, text, words, label, parts):
    from kg.extract.components import _listed

    doc, span = _span(nlp, text, words, label)
    assert [(p.text, p.label_) for p in _listed(doc, span)] == parts


def test_spans_list_joined_at_a_comma_split_on_reference_text_only(nlp):
    """The reference-text NER joins list items at a comma; the news model's "Maintenance,
    Repair and Overhaul" stays whole, and a company's legal form is no new name."""
    from kg.extract.components import _listed
    from kg.extract.reference_ner import NER_USED

    text = "He scored Fear Factor, Deal or No Deal and Wipeout for Acme, Inc. in 2004."
    doc, span = _span(nlp, text, ["Fear", "Factor", ",", "Deal"], "ORG")
    assert [p.text for p in _listed(doc, span)] == ["Fear Factor, Deal"]
    doc.user_data[NER_USED] = "reference"
    assert [p.text for p in _listed(doc, span)] == ["Fear Factor", "Deal"]
    doc, span = _span(nlp, text, ["Acme", ",", "Inc."], "ORG")
    doc.user_data[NER_USED] = "reference"
    assert [p.text for p in _listed(doc, span)] == ["Acme, Inc."]


@pytest.mark.parametrize("words,name", [
    (["Shinn", ",", "U.S.", "Navy", "pilot", "Conrad", "S.", "(", "Gus", ")", "Shinn"], "Shinn"),
    (["Terje", "Halleland", "(", "Progress", "Party"], "Terje Halleland"),
], ids=["unopened", "unclosed"])
def test_mentions_cut_at_an_unmatched_bracket(nlp, words, name):
    from spacy.tokens import Doc, Span

    from kg.extract.mentions import _trim
    from kg.extract.tokentable import TokenTable

    doc = nlp(Doc(nlp.vocab, words=words))
    at = 8 if name == "Shinn" else 0
    span = _trim(Span(doc, at, len(doc), label="PERSON"), TokenTable(doc))
    assert span is not None and span.text == name


def test_mentions_an_all_lower_case_span_is_no_name(nlp):
    """A span the NER marks whose letters are all lower case is no name ("alternative
    rock"); a lexicon entry ("semiconductors"), a number or a camel-cased name stays."""
    from spacy.tokens import Span

    from kg.extract.mentions import _uncased_name, entity_mentions

    assert [_uncased_name(t) for t in ("seasonal", "alternative rock", "iPhone", "3com", "ชูพงษ์")] == [
        True, True, False, False, False]
    doc = nlp.make_doc("They play alternative rock on the iPhone.")
    doc.ents = [Span(doc, 2, 4, label="WORK_OF_ART"), Span(doc, 6, 7, label="PRODUCT")]
    assert [m.text for m in entity_mentions(doc, "a", {})] == ["iPhone"]


@pytest.mark.parametrize("text,name", [
    ('The bout went to Robert Hector "Macho" Camacho on points.', 'Robert Hector "Macho" Camacho'),
    ('Lieutenant Commander Conrad S. "Gus" Shinn flew the plane.', 'Conrad S. "Gus" Shinn'),
], ids=["nickname", "after-an-initial"])
def test_spans_a_nickname_in_quotes_is_part_of_the_name(nlp, text, name):
    ents = {e.text: e.label_ for e in nlp(text).ents}
    assert ents.get(name) == "PERSON", ents


def test_spans_a_quoted_title_between_words_is_no_nickname(nlp):
    assert "Hello" in [e.text for e in nlp('She sang "Hello" Monday in Paris.').ents]


@pytest.mark.parametrize("words,tags,label,name", [
    (["The", "Hub", "grew"], ["DT", "NNP", "VBD"], "WORK_OF_ART", "Hub"),
    (["Siam", "their"], ["NNP", "PRP$"], "GPE", "Siam"),
    (["Born", "to", "run"], ["VBN", "IN", "VB"], "WORK_OF_ART", "Born to run"),
], ids=["verb-after-a-title", "possessive", "a-title-ending-in-a-verb"])
def test_mentions_no_name_ends_with_a_function_word(nlp, words, tags, label, name):
    from spacy.tokens import Doc, Span

    from kg.extract.mentions import _trim
    from kg.extract.tokentable import TokenTable

    doc = Doc(nlp.vocab, words=words, tags=tags)
    doc = nlp.get_pipe("attribute_ruler")(doc)  # the coarse tags from the fine ones
    span = _trim(Span(doc, 0, len(doc), label=label), TokenTable(doc))
    assert span is not None and span.text == name


def test_spans_a_street_named_by_its_number_takes_it(nlp):
    from spacy.tokens import Span

    from kg.extract.components import _numbered_streets

    doc = nlp("It runs from 41 Avenue SW to 33 Street NE. In 2004 Street Fighter sold well.")
    ents = [Span(doc, 3, 4, label="CARDINAL"), Span(doc, 4, 6, label="FAC"), Span(doc, 8, 10, label="FAC"),
            Span(doc, 13, 15, label="WORK_OF_ART")]
    assert [e.text for e in _numbered_streets(doc, ents)] == [
        "41 Avenue SW", "33 Street NE", "Street Fighter"]


@pytest.mark.parametrize("text,name,label", [
    ("She moved to Prince Edward Island in 1990.", "Prince Edward Island", "GPE"),
    ("Spokeswoman Sandy Angers said no.", "Sandy Angers", "PERSON"),
], ids=["a-place-named-after-a-prince", "a-title-before-a-name"])
def test_mentions_a_title_before_a_name_makes_a_person_not_a_place(nlp, text, name, label):
    from kg.extract.pipeline import extract
    from kg.model import Document

    assert (name, label) in [(m.text, m.label) for m in extract(Document("a", text), nlp).mentions]


@pytest.mark.parametrize("text,name", [
    ("Chipmaker Nvidia beat forecasts on Wednesday, the company said.", "Nvidia"),
    ("Drugmaker Pfizer filed the data on Friday.", "Pfizer"),  # the model reads a person
    ("Carrier Corporation said on Tuesday it would hire.", "Carrier Corporation"),  # a name's own word
], ids=["chipmaker", "drugmaker-read-as-a-person", "no-descriptor"])
def test_mentions_a_company_after_what_it_does(nlp, text, name):
    from kg.extract.pipeline import extract
    from kg.model import Document

    found = [(m.text, m.label) for m in extract(Document("a", text), nlp).mentions]
    assert (name, "ORG") in found and not [t for t, _ in found if t.endswith(" " + name)]


@pytest.mark.parametrize("text,reference,title", [
    ('He sang "Ne crois pas" at the contest.', True, "Ne crois pas"),
    ('He sang "Ne crois pas" at the contest.', False, None),
    ('Her book has a "Janus-headed" view.', True, None),
    ('It reached "This Train." at last.', True, None),
], ids=["reference-text", "news-a-quote", "hyphenated", "a-full-stop"])
def test_titles_in_sentence_case_on_reference_text(nlp, text, reference, title):
    """A quoted phrase in sentence case is a title in reference text, where foreign titles
    are written so; in news it is what someone said."""
    from kg.extract.components import kg_titles
    from kg.extract.reference_ner import NER_USED

    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "kg_titles":
            break
        doc = proc(doc)
    doc.ents = []
    if reference:
        doc.user_data[NER_USED] = "reference"
    titles = [e.text for e in kg_titles(doc).ents if e.label_ == "WORK_OF_ART"]
    assert titles == ([title] if title else [])
