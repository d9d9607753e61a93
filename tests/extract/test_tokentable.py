"""The token table reads what the Token objects say (real model)."""

from __future__ import annotations

from kg.extract.tokentable import TokenTable

TEXT = ("Prime Minister Kishida of Japan, who was born in Tokyo in 1957, met U.S. President Joe "
        "Biden on Friday.\n\n  The two leaders didn't sign the $1.5bn deal -- talks continue.")


def test_token_table_columns_are_the_tokens_attributes(nlp):
    doc = nlp(TEXT)
    table = TokenTable(doc)
    for t in doc:
        i = t.i
        assert (table.head[i], table.dep[i], table.pos[i], table.tag[i], table.lemma[i], table.text[i],
                table.lower[i], bool(table.punct[i]), bool(table.space[i]), bool(table.num[i])) == (
            t.head.i, t.dep_, t.pos_, t.tag_, t.lemma_.lower(), t.text, t.lower_, t.is_punct, t.is_space,
            t.like_num)
        assert table.idx[i] == t.idx
        assert table.chain(i) == [i, *(a.i for a in t.ancestors)]
        assert table.children(i) == [c.i for c in t.children]
        assert table.children(i) is table.children(i)  # made once per token


def test_token_table_paths_meet_at_the_lowest_common_ancestor(nlp):
    doc = nlp("Kishida met Biden in Tokyo.")
    table = TokenTable(doc)
    top, down, k = table.meet(0, 4)  # Kishida -> met <- in <- Tokyo
    assert doc[top].text == "met" and [doc[t].text for t in down] == ["Tokyo", "in"] and k == 1
    assert table.with_pos(("VERB",)) == [1] and table.with_lemma({"tokyo"}) == [4]


def test_token_table_spans_are_what_spacy_makes(nlp):
    doc = nlp(TEXT)
    table = TokenTable(doc)
    assert table.chars == len(doc.text) and [(e.start, e.end) for e in table.ents] == [
        (e.start, e.end) for e in doc.ents]
    for start in range(-1, len(doc.text) + 2):
        for end in range(start + 1, min(start + 25, len(doc.text) + 3)):
            span = doc.char_span(start, end, alignment_mode="expand")
            expected = None if span is None else (span.start, span.end)
            assert table.char_range(start, end) == expected, (start, end)
    for start in range(len(doc)):
        for end in range(start + 1, min(start + 8, len(doc) + 1)):  # spaces and punctuation included
            assert table.root(start, end) == doc[start:end].root.i, (start, end)
