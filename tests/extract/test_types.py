"""Types that fit what the text says a name is (a descriptor, an apposition, a kind noun
before the name, the name's own head word), with the real model on made-up sentences."""

from __future__ import annotations

import pytest

import kg


def entity_types(nlp, text: str) -> dict[str, str]:
    graph = kg.build([kg.document_from_string(text, id="t")], nlp=nlp)
    return {e.name: e.type for e in graph.entities}


@pytest.mark.parametrize("text,name,cls", [
    ("The anthem Land of Bright Rivers was written in 1920 by Arthur Penrose.",
     "Land of Bright Rivers", "WORK_OF_ART"),
    ("Silver Harbour is a 1994 film directed by Maria Olsen.", "Silver Harbour", "WORK_OF_ART"),
    ("The Grey Orchard is a 2003 novel by Helen Marsh.", "Grey Orchard", "WORK_OF_ART"),
    ("The song Blue Morning Light was recorded by Tom Harlow in 1971.", "Blue Morning Light", "WORK_OF_ART"),
    ("The 1941 treaty Pact of Velmar ended the war between Ostland and Bravia.", "Pact of Velmar", "LAW"),
    ("Quenya is spoken in Eldamar and parts of Northern Valoria.", "Quenya", "LANGUAGE"),
    ("Dutch is spoken in the Netherlands and Belgium.", "Dutch", "LANGUAGE"),
    ("The Kestrel Alliance was formed in 1996 by three parties.", "Kestrel Alliance", "ORG"),
], ids=["anthem-apposition", "film-descriptor", "novel-descriptor", "song-apposition", "treaty-apposition",
        "spoken-language", "demonym-spoken-language", "alliance-head-word"])
def test_types_fit_the_descriptor(nlp, text, name, cls):
    assert entity_types(nlp, text).get(name) == cls


@pytest.mark.parametrize("text,word", [
    ("He joined the National movement in 1920.", "National"),
], ids=["national"])
def test_types_lone_adjective_is_no_entity(nlp, text, word):
    assert word not in entity_types(nlp, text)


def test_types_demonym_names_its_country(nlp):
    types = entity_types(nlp, "The Romanian government adopted the national anthem in 1990.")
    assert types == {"Romania": "COUNTRY"}
