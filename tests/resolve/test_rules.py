"""One table per merge rule (``kg.resolve.rules``): what the rule merges, logged under its
name in ``Resolution.merges``, and what it must leave apart.  Real Mentions and Extractions,
no spaCy; ``--explain`` through a real ``kg build``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.model import (
    CharSpan,
    Document,
    Extraction,
    Mention,
    MentionRelation,
    Provenance,
    Resolution,
    Sentence,
)
from kg.resolve import merge_lines, resolve
from kg.resolve.rules import rule_names


def extraction(doc_id: str, text: str, mentions, relations=()) -> Extraction:
    """An Extraction of ``text`` whose mentions are ``(surface, label[, refers_to index])``
    found in order of appearance (a third item makes a pronoun of it, referring to that
    earlier mention); ``relations`` are ``(subject index, predicate, object index)``."""
    out: list[Mention] = []
    pos = 0
    for surface, label, *ref in mentions:
        start = text.index(surface, pos)
        end = pos = start + len(surface)
        span = CharSpan(doc_id, start, end, 0)
        out.append(Mention(f"{doc_id}#char={start},{end}", surface, label, span,
                           Provenance(span, "kg.ner.v1", 0.8),
                           refers_to=(out[ref[0]].id,) if ref else ()))
    sent = CharSpan(doc_id, 0, len(text), 0)
    rels = tuple(MentionRelation(out[s].id, p, out[o].id, Provenance(sent, "kg.naming.v1", 0.7))
                 for s, p, o in relations)
    sentences = tuple(Sentence(doc_id, n, m.start(), m.end(), m.group())
                      for n, m in enumerate(re.finditer(r"[^.]+(?:\.(?=\s|$)|$)", text)))
    return Extraction(Document(doc_id, text), sentences, tuple(out), rels)


def run(docs) -> Resolution:
    return resolve([extraction(*d) for d in docs])


def merged_by(res: Resolution, rule: str) -> set[tuple[str, str]]:
    """``(doc:mention, doc:into)`` of each merge that ``rule`` made."""
    mentions = {m.id: m for x in res.extractions for m in x.mentions}

    def name(mid: str) -> str:
        return f"{mentions[mid].span.doc_id}:{mentions[mid].text}"

    return {(name(m.mention), name(m.into)) for m in res.merges if m.rule == rule}


def entities_of(res: Resolution, name: str) -> set[str]:
    doc, text = name.split(":", 1)
    return {res.mention_entity[m.id] for x in res.extractions for m in x.mentions
            if m.span.doc_id == doc and m.text == text}


def check(rule: str, docs, merged: set[tuple[str, str]], apart: list[tuple[str, str]]) -> None:
    res = run(docs)
    assert merged_by(res, rule) == merged
    for a, b in merged:
        assert entities_of(res, a) == entities_of(res, b)
    for a, b in apart:
        assert entities_of(res, a) and entities_of(res, b)
        assert not entities_of(res, a) & entities_of(res, b), (a, b)


# rule -> {case: (documents, merges the rule makes, pairs that stay apart)}
TABLES: dict[str, dict[str, tuple]] = {
    "same-lexicon-entry": {
        "an entry's aliases": (
            [("a", "Nvidia Corporation rose. NVIDIA fell.",
              [("Nvidia Corporation", "ORG"), ("NVIDIA", "ORG")])],
            {("a:NVIDIA", "a:Nvidia Corporation")}, []),
        "a river is not the company": (
            [("a", "Amazon sells. The Amazon River flows.",
              [("Amazon", "ORG"), ("The Amazon River", "LOC")])],
            set(), [("a:Amazon", "a:The Amazon River")]),
    },
    "same-country": {
        "spellings of a country": (
            [("a", "The US and the U.S. agree.", [("US", "GPE"), ("the U.S.", "GPE")])],
            {("a:the U.S.", "a:US")}, []),
        "a nationality adjective names its country": (
            [("a", "The US and American firms.", [("US", "GPE"), ("American", "NORP")])],
            {("a:American", "a:US")}, []),
        "a group that is no nationality stays apart": (
            [("a", "The US and Democrats.", [("US", "GPE"), ("Democrats", "NORP")])],
            set(), [("a:US", "a:Democrats")]),
    },
    "same-name": {
        "a company suffix": (
            [("a", "Zorblax Inc. rose. Zorblax fell.", [("Zorblax Inc.", "ORG"), ("Zorblax", "ORG")])],
            {("a:Zorblax", "a:Zorblax Inc.")}, []),
        "names with different numbers": (
            [("a", "Kestrel 737 and Kestrel 747 fly.",
              [("Kestrel 737", "PRODUCT"), ("Kestrel 747", "PRODUCT")])],
            set(), [("a:Kestrel 737", "a:Kestrel 747")]),
    },
    "declared-alias": {
        "born as": (
            [("a", "Zevs (born Christophe Aguirre Schwarz in 1977) is an artist.",
              [("Zevs", "PERSON"), ("Christophe Aguirre Schwarz", "PERSON")])],
            {("a:Christophe Aguirre Schwarz", "a:Zevs")}, []),
        "an actor in brackets is another person": (
            [("a", "Derek Shepherd (Patrick Dempsey) operates.",
              [("Derek Shepherd", "PERSON"), ("Patrick Dempsey", "PERSON")])],
            set(), [("a:Derek Shepherd", "a:Patrick Dempsey")]),
    },
    "last-word-same-class": {
        "a surname": (
            [("a", "Louis Prima sang. Prima left.", [("Louis Prima", "PERSON"), ("Prima", "PERSON")])],
            {("a:Prima", "a:Louis Prima")}, []),
        "two people share the surname": (
            [("a", "Joe Biden and Hunter Biden met. Biden left.",
              [("Joe Biden", "PERSON"), ("Hunter Biden", "PERSON"), ("Biden", "PERSON")])],
            set(), [("a:Biden", "a:Joe Biden"), ("a:Biden", "a:Hunter Biden")]),
        "a city is not its diocese": (
            [("a", "The Diocese of Pittsburgh said. Pittsburgh grew.",
              [("Diocese of Pittsburgh", "ORG"), ("Pittsburgh", "GPE")])],
            set(), [("a:Pittsburgh", "a:Diocese of Pittsburgh")]),
    },
    "last-word-any-class": {
        "'according to' is no place": (
            [("a", "Linda Hutcheon wrote it. According to Hutcheon, it sold.",
              [("Linda Hutcheon", "PERSON"), ("Hutcheon", "GPE")])],
            {("a:Hutcheon", "a:Linda Hutcheon")}, []),
        "a surname the model took for a place": (
            [("a", "Carrie Underwood sang it. It was written by Underwood, Chris Tompkins and others.",
              [("Carrie Underwood", "PERSON"), ("Underwood", "GPE"), ("Chris Tompkins", "PERSON")])],
            {("a:Underwood", "a:Carrie Underwood")}, [("a:Underwood", "a:Chris Tompkins")]),
        "a known place is not an organization named by it": (
            [("a", "NPR Illinois broadcasts from Springfield. Illinois funds it.",
              [("NPR Illinois", "ORG"), ("Springfield", "GPE"), ("Illinois", "GPE")])],
            set(), [("a:Illinois", "a:NPR Illinois")]),
        "a place used as a place": (
            [("a", "Mulk Raj Anand was born in Peshawar. He taught in Anand, Gujarat.",
              [("Mulk Raj Anand", "PERSON"), ("Peshawar", "GPE"), ("Anand", "GPE"), ("Gujarat", "GPE")])],
            set(), [("a:Anand", "a:Mulk Raj Anand")]),
    },
    "surname-of-topic-person": {
        "the article's subject": (
            [("a", "Franck Piccard (born 1965) is a skier. Piccard won. His son Ian Piccard skis.",
              [("Franck Piccard", "PERSON"), ("Piccard", "ORG"), ("Ian Piccard", "PERSON")])],
            {("a:Piccard", "a:Franck Piccard")}, [("a:Ian Piccard", "a:Franck Piccard")]),
        "both named in the first sentence": (
            [("a", "Franck Piccard and Ian Piccard are skiers. Piccard won.",
              [("Franck Piccard", "PERSON"), ("Ian Piccard", "PERSON"), ("Piccard", "PERSON")])],
            set(), [("a:Piccard", "a:Franck Piccard"), ("a:Piccard", "a:Ian Piccard")]),
    },
    "first-of-two-surnames": {
        "the first surname": (
            [("a", "Guillermo David Endara Galimany was president. Endara won in 1989.",
              [("Guillermo David Endara Galimany", "PERSON"), ("Endara", "PERSON")])],
            {("a:Endara", "a:Guillermo David Endara Galimany")}, []),
        "two people share it": (
            [("a", "Guillermo David Endara Galimany and Ana Maria Endara Lopez spoke. Endara won.",
              [("Guillermo David Endara Galimany", "PERSON"), ("Ana Maria Endara Lopez", "PERSON"),
               ("Endara", "PERSON")])],
            set(), [("a:Endara", "a:Guillermo David Endara Galimany"),
                    ("a:Endara", "a:Ana Maria Endara Lopez")]),
    },
    "bare-name": {
        "a province": (
            [("a", "Hubei Province reported cases. Hubei closed schools.",
              [("Hubei Province", "GPE"), ("Hubei", "GPE")])],
            {("a:Hubei", "a:Hubei Province")}, []),
        "a company whatever the label": (
            [("a", "Zorblax Corporation makes games. Zorblax said so.",
              [("Zorblax Corporation", "ORG"), ("Zorblax", "PERSON")])],
            {("a:Zorblax", "a:Zorblax Corporation")}, []),
        "a lake is not its province": (
            [("a", "Hubei Lake froze. Hubei closed schools.", [("Hubei Lake", "LOC"), ("Hubei", "GPE")])],
            set(), [("a:Hubei", "a:Hubei Lake")]),
    },
    "short-name-fits": {
        "a given name and first surname": (
            [("a", "Jorvo Madeira da Selva scored. Jorvo Madeira left.",
              [("Jorvo Madeira da Selva", "PERSON"), ("Jorvo Madeira", "PERSON")])],
            {("a:Jorvo Madeira", "a:Jorvo Madeira da Selva")}, []),
        "a father is not his son": (
            [("a", "Paul Zembrowski Jr. spoke. Paul Zembrowski founded it.",
              [("Paul Zembrowski Jr.", "PERSON"), ("Paul Zembrowski", "PERSON")])],
            set(), [("a:Paul Zembrowski", "a:Paul Zembrowski Jr.")]),
        "a branch named by a place (not by this rule)": (
            [("a", "Zorblax Canada grew. Zorblax fell.", [("Zorblax Canada", "ORG"), ("Zorblax", "ORG")])],
            set(), []),
        "a site in a known place": (
            [("a", "The Osaka Aquarium opened. Osaka grew.", [("Osaka Aquarium", "GPE"), ("Osaka", "GPE")])],
            set(), [("a:Osaka", "a:Osaka Aquarium")]),
        "a site named after it": (
            [("a", "Nabesna Glacier is in Alaska. Nabesna is a village.",
              [("Nabesna Glacier", "LOC"), ("Alaska", "GPE"), ("Nabesna", "GPE")])],
            set(), [("a:Nabesna", "a:Nabesna Glacier")]),
        "a first name": (
            [("a", "Fumio Kishida spoke. Fumio left.", [("Fumio Kishida", "PERSON"), ("Fumio", "PERSON")])],
            {("a:Fumio", "a:Fumio Kishida")}, []),
        "an organization's first word": (
            [("a", "Zorblax Dynamics won. Zorblax said.", [("Zorblax Dynamics", "ORG"), ("Zorblax", "ORG")])],
            {("a:Zorblax", "a:Zorblax Dynamics")}, []),
        "two people share the first name": (
            [("a", "Fumio Kishida met Fumio Sato. Fumio left.",
              [("Fumio Kishida", "PERSON"), ("Fumio Sato", "PERSON"), ("Fumio", "PERSON")])],
            set(), [("a:Fumio", "a:Fumio Kishida"), ("a:Fumio", "a:Fumio Sato")]),
        "numbers differ": (
            [("a", "The Kestrel 9 flew. Kestrel flew too.",
              [("Kestrel 9", "PRODUCT"), ("Kestrel", "PRODUCT")])],
            set(), [("a:Kestrel", "a:Kestrel 9")]),
    },
    "short-name-any-class": {
        "a surname after a particle may be a town's name": (
            [("a", "Zinês de Castro ruled. Zinês died.", [("Zinês de Castro", "PERSON"), ("Zinês", "GPE")])],
            {("a:Zinês", "a:Zinês de Castro")}, []),
        "a first name the model called a place": (
            [("a", "Zorya Mishkin acted. Zorya sang.", [("Zorya Mishkin", "PERSON"), ("Zorya", "GPE")])],
            {("a:Zorya", "a:Zorya Mishkin")}, []),
        "a hyphenated surname the model called an organization": (
            [("a", "Edward Burne-Jones drew. Burne-Jones died.",
              [("Edward Burne-Jones", "PERSON"), ("Burne-Jones", "ORG")])],
            {("a:Burne-Jones", "a:Edward Burne-Jones")}, []),
        "a known place stays a place": (
            [("a", "Paris Hilton spoke. Paris voted.", [("Paris Hilton", "PERSON"), ("Paris", "GPE")])],
            set(), [("a:Paris", "a:Paris Hilton")]),
        "a name with a place's word is no person's": (
            [("a", "Pudu Prison closed. Pudu grew.", [("Pudu Prison", "PERSON"), ("Pudu", "GPE")])],
            set(), [("a:Pudu", "a:Pudu Prison")]),
        "an organization named after a place stays apart": (
            [("a", "Lakefield College School opened in Lakefield.",
              [("Lakefield College School", "ORG"), ("Lakefield", "GPE")])],
            set(), [("a:Lakefield", "a:Lakefield College School")]),
    },
    "acronym-initials": {
        "initials with small words": (
            [("a", "Tears for Fears played. TFF left.", [("Tears for Fears", "ORG"), ("TFF", "ORG")])],
            {("a:TFF", "a:Tears for Fears")}, []),
        "a country's prefix": (
            [("a", "The Air Force flew. USAF said.", [("Air Force", "ORG"), ("USAF", "ORG")])],
            {("a:USAF", "a:Air Force")}, []),
        "never a person": (
            [("a", "John Fitzgerald Kennedy spoke. JFK left.",
              [("John Fitzgerald Kennedy", "PERSON"), ("JFK", "PERSON")])],
            set(), [("a:JFK", "a:John Fitzgerald Kennedy")]),
    },
    "acronym-in-brackets": {
        "defined in brackets": (  # (an organization's is a declared-alias first)
            [("a", "John Smith (JS) spoke. JS left.",
              [("John Smith", "PERSON"), ("JS", "PERSON"), ("JS", "PERSON")])],
            {("a:JS", "a:John Smith")}, []),
        "a person's initials are no organization's": (
            [("a", "John Smith (JS) spoke. JS left.",
              [("John Smith", "PERSON"), ("JS", "ORG"), ("JS", "ORG")])],
            set(), [("a:JS", "a:John Smith")]),
    },
    "declared-acronym": {
        "an acronym defined in brackets stays with its name": (
            [("a", "Interborough Rapid Transit Company (IRT) built it. The IRT Dyre Avenue Line runs.",
              [("Interborough Rapid Transit Company", "ORG"), ("IRT", "ORG"),
               ("IRT Dyre Avenue Line", "ORG")])],
            set(), [("a:IRT", "a:IRT Dyre Avenue Line")]),
    },
    "model-of-its-variant": {
        "the one variant of a model": (
            [("a", "Kestrel unveiled a new version of its 777 airliner. The 777-200LR flies far.",
              [("777", "PRODUCT"), ("777-200LR", "PRODUCT")])],
            {("a:777", "a:777-200LR")}, []),
        "a model with two variants": (
            [("a", "The 737 family grew: the 737-700 and the 737-800 fly.",
              [("737", "PRODUCT"), ("737-700", "PRODUCT"), ("737-800", "PRODUCT")])],
            set(), [("a:737", "a:737-700"), ("a:737", "a:737-800")]),
    },
    "group-of-its-name": {
        "a continent's adjective": (
            [("a", "South America grew. South American banks rose.",
              [("South America", "LOC"), ("South American", "NORP")])],
            {("a:South American", "a:South America")}, []),
        "a faith's adjective": (
            [("a", "Catholicism spread. Catholic schools opened.",
              [("Catholicism", "NORP"), ("Catholic", "NORP")])],
            {("a:Catholic", "a:Catholicism")}, []),
        "a region's adjective": (
            [("a", "Sicily grew. Sicilian wine sold.", [("Sicily", "LOC"), ("Sicilian", "NORP")])],
            {("a:Sicilian", "a:Sicily")}, []),
        "an event's plural": (
            [("a", "The Olympics began. Olympic athletes ran.",
              [("Olympics", "EVENT"), ("Olympic", "EVENT")])],
            {("a:Olympic", "a:Olympics")}, []),
        "a person's name is no group's": (
            [("a", "Ann Germ spoke. German banks rose.", [("Germ", "PERSON"), ("German", "NORP")])],
            set(), [("a:German", "a:Germ")]),
    },
    "city-of-its-name": {
        "a city called by its bare name": (
            [("a", "New York City grew. New York voted.",
              [("New York City", "GPE"), ("New York", "GPE")])],
            {("a:New York", "a:New York City")}, []),
        "a state and two cities": (
            [("a", "Kansas City grew. Kansas voted.", [("Kansas City", "GPE"), ("Kansas", "GPE")])],
            set(), [("a:Kansas", "a:Kansas City")]),
    },
    "given-name": {
        "named, through a pronoun": (
            [("a", "The Kestrel X9 flew. It has been named the Worldliner.",
              [("Kestrel X9", "PRODUCT"), ("It", "PRON", 0), ("Worldliner", "PRODUCT")], [(1, "sameAs", 2)])],
            {("a:Worldliner", "a:Kestrel X9")}, []),
        "a thing is never named a country": (
            [("a", "The ship was named Japan.", [("ship", "PRODUCT"), ("Japan", "GPE")], [(0, "sameAs", 1)])],
            set(), [("a:ship", "a:Japan")]),
        "a person is never named a thing": (
            [("a", "Jane Roe was named Kestrel Prize.",
              [("Jane Roe", "PERSON"), ("Kestrel Prize", "WORK_OF_ART")], [(0, "sameAs", 1)])],
            set(), [("a:Jane Roe", "a:Kestrel Prize")]),
    },
    "shared-key-across-documents": {
        "a full name": (
            [("a", "Tim Cook spoke.", [("Tim Cook", "PERSON")]),
             ("b", "Later Tim Cook left.", [("Tim Cook", "PERSON")])],
            {("b:Tim Cook", "a:Tim Cook")}, []),
        "a person and a company of one name": (
            [("a", "Jordan Smith spoke.", [("Jordan Smith", "PERSON")]),
             ("b", "Jordan Smith Inc. rose.", [("Jordan Smith", "ORG")])],
            set(), [("a:Jordan Smith", "b:Jordan Smith")]),
    },
    "one-word-across-documents": {
        "a surname": (
            [("a", "Kishida spoke.", [("Kishida", "PERSON")]),
             ("b", "Fumio Kishida left.", [("Fumio Kishida", "PERSON")])],
            {("a:Kishida", "b:Fumio Kishida")}, []),
        "two people share the surname": (
            [("a", "Joe Biden spoke.", [("Joe Biden", "PERSON")]),
             ("b", "Hunter Biden spoke.", [("Hunter Biden", "PERSON")]),
             ("c", "Biden left.", [("Biden", "PERSON")])],
            set(), [("c:Biden", "a:Joe Biden"), ("c:Biden", "b:Hunter Biden")]),
    },
}


def test_every_rule_has_a_table():
    assert sorted(TABLES) == sorted(rule_names())


@pytest.mark.parametrize(("rule", "case"), [(r, c) for r, cases in TABLES.items() for c in cases])
def test_rule(rule, case):
    check(rule, *TABLES[rule][case])


def test_rules_run_in_their_order():
    """The first rule that claims a name wins: "Kishida" is a last word before it is a short
    name, and a name merged once is never logged again."""
    assert rule_names().index("last-word-same-class") < rule_names().index("short-name-fits")
    res = run([("a", "Fumio Kishida spoke. Kishida left.",
                [("Fumio Kishida", "PERSON"), ("Kishida", "PERSON")])])
    assert [(m.rule, m.mention, m.into) for m in res.merges] == [
        ("last-word-same-class", "a#char=21,28", "a#char=0,13")]


def test_every_merge_is_logged():
    """Each merge joins two clusters: an entity of n mentions took n - 1 merges."""
    res = run([("a", "Nvidia Corporation rose. NVIDIA fell. Louis Prima sang. Prima left.",
                [("Nvidia Corporation", "ORG"), ("NVIDIA", "ORG"), ("Louis Prima", "PERSON"),
                 ("Prima", "PERSON")]),
               ("b", "Louis Prima died. NVIDIA rose.", [("Louis Prima", "PERSON"), ("NVIDIA", "ORG")])])
    assert len(res.merges) == sum(len(e.mention_ids) - 1 for e in res.entities)
    assert {m.rule for m in res.merges} <= set(rule_names())
    assert merge_lines(res) == [
        "merged 'NVIDIA' into 'Nvidia Corporation' by rule same-lexicon-entry (doc a, entity org/Nvidia)",
        "merged 'Prima' into 'Louis Prima' by rule last-word-same-class (doc a, entity person/Louis_Prima)",
        "merged 'Louis Prima' (doc b) into 'Louis Prima' (doc a) by rule shared-key-across-documents "
        "(entity person/Louis_Prima)",
        "merged 'NVIDIA' (doc b) into 'Nvidia Corporation' (doc a) by rule shared-key-across-documents "
        "(entity org/Nvidia)",
    ]


def test_a_nationality_acting_is_its_country():
    """"The German chancellor ... cooperates with France": a nationality adjective at either
    end of a fact names its country (``same-country``)."""
    x = extraction("a", "German leaders and France cooperate.", [("German", "NORP"), ("France", "GPE")])
    sent = CharSpan("a", 0, 36, 0)
    rel = MentionRelation(x.mentions[0].id, "cooperatesWith", x.mentions[1].id,
                          Provenance(sent, "kg.represent.v1", 0.6))
    res = resolve([Extraction(x.document, x.sentences, x.mentions, (rel,))])
    assert [{r.subject, r.object} for r in res.relations] == [{"country/Germany", "country/France"}]


def test_build_explain_writes_the_merges(tmp_path: Path):
    """``kg build --explain`` (a real process, the real model) writes OUT/explain.txt and says
    where; a build without it removes the file."""
    (tmp_path / "a.txt").write_text("Fumio Kishida met Joe Biden in Tokyo on Monday. Kishida said the "
                                    "talks went well, and Biden agreed.\n", encoding="utf-8")
    out = tmp_path / "out"
    kg = [sys.executable, "-m", "kg", "build", str(tmp_path / "a.txt"), "--out", str(out)]
    proc = subprocess.run([*kg, "--explain"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    explain = out / "explain.txt"
    assert re.search(rf"explain +{re.escape(str(explain))}", proc.stdout), proc.stdout
    lines = explain.read_text(encoding="utf-8").splitlines()
    assert ("merged 'Kishida' into 'Fumio Kishida' by rule last-word-same-class (doc a, entity "
            "person/Fumio_Kishida)") in lines
    assert ("merged 'Biden' into 'Joe Biden' by rule last-word-same-class (doc a, entity "
            "person/Joe_Biden)") in lines
    proc = subprocess.run([*kg, "-q"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert not explain.exists()
