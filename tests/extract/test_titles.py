"""Titles in quotation marks and names a reference article gives its subject, with the real model."""

from __future__ import annotations

import pytest

import kg


@pytest.mark.parametrize("text,title", [
    ('In 2009 the band released the single "Is It True?" in Europe.', "Is It True?"),
    ('She hosted a show on Alpha TV called "Gros Plan" for years.', "Gros Plan"),
    ('The song "Leave It to Joan" was a hit.', "Leave It to Joan"),
], ids=["question-title", "show", "name-inside-title"])
def test_titles_quoted_title_is_one_work(nlp, text, title):
    ents = [(e.text, e.label_) for e in nlp(text).ents]
    assert (title, "WORK_OF_ART") in ents
    assert not any(t != title and title.find(t) >= 0 and lab == "PERSON" for t, lab in ents)


@pytest.mark.parametrize("text", [
    'He said "we are happy with the result" on Monday.',
    "``AirTran Airways would like to thank the many Boeing employees for their hard work,'' "
    "said Joe Leonard.",
], ids=["lower-case-quote", "long-speech"])
def test_titles_speech_is_no_title(nlp, text):
    assert not any(e.label_ == "WORK_OF_ART" for e in nlp(text).ents)


def test_titles_reference_lead_names_are_one_person(nlp):
    text = ("John Henry Dearle or J. H. Dearle (1859 – 1932) was a British textile designer. "
            "Dearle designed many of the later wallpapers.")
    graph = kg.build([kg.document_from_string(text, id="ref")], nlp=nlp)
    people = [e for e in graph.entities if e.type == "PERSON"]
    assert [p.name for p in people] == ["John Henry Dearle"]
    assert {"J. H. Dearle", "Dearle"} <= set(people[0].aliases)
