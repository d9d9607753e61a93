"""Names given in the text: "the aircraft ... has been named the Worldliner", "the city was
renamed Kristiania", "he was nicknamed Zevs" -> the second name is another name of the first
(``SAME_AS``, read by ``kg.resolve`` to merge the two, never written as a relation)."""

from __future__ import annotations

from collections.abc import Iterator

from kg.extract.docview import DocView
from kg.model import SAME_AS, MentionRelation
from kg.registry import relation_patterns

NAME = "kg.naming.v1"
_NAMING = {"name", "rename", "dub", "nickname", "christen", "call"}


@relation_patterns.register(NAME)
def find_names(view: DocView) -> Iterator[MentionRelation]:
    doc = view.doc
    for tok in (doc[i] for i in view.table().with_lemma(_NAMING)):
        if tok.lemma_.lower() not in _NAMING or tok.tag_ != "VBN" or view.negated(tok):
            continue
        # the complement is the name itself ("named the Worldliner"), not a phrase that
        # lists one ("called both the leading city and the New York Stock Exchange ...")
        names = [m for c in tok.children if c.dep_ in ("oprd", "attr")
                 for m in [view.mention_of(c)] if m is not None and m.label != "PRON"]
        if len(names) != 1:
            continue
        subjects = view.passive_subjects(tok)
        if not subjects and tok.dep_ == "conj":  # "... flies non-stop, and has been named X"
            subjects = [m for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")
                        for m in view.args(c)]
        if len(subjects) == 1 and subjects[0].id != names[0].id:
            yield MentionRelation(subjects[0].id, SAME_AS, names[0].id, view.provenance(tok, NAME, 0.7))
