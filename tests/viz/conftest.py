"""Fixtures for the viz tests: the seed graph's page and a real headless chromium with
the network cut off (Debian's /usr/bin/chromium; never a downloaded browser)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@dataclass
class PageLog:
    """What the page did: requests it tried beyond its own file, failed requests, console errors."""

    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [*(f"blocked request {u}" for u in self.blocked),
                *(f"failed request {u}" for u in self.failed),
                *(f"console error {m}" for m in self.console_errors),
                *(f"page error {m}" for m in self.page_errors)]


@pytest.fixture(scope="session")
def browser() -> Any:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`sudo apt-get install chromium`; "
                    "`make browser` does it when run as root), or set KG_CHROMIUM to a chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the test extra (playwright) is missing")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_offline(browser):
    """``open_offline(path) -> (page, log)``: the file opened with every other request aborted."""
    contexts = []

    def _open(path: Path, *, width: int = 1400, height: int = 900) -> tuple[Any, PageLog]:
        log = PageLog()
        ctx = browser.new_context(viewport={"width": width, "height": height}, offline=True)
        contexts.append(ctx)
        page = ctx.new_page()
        url = path.resolve().as_uri()

        def route(r: Any) -> None:
            if r.request.url == url:
                r.continue_()
            else:
                log.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("requestfailed", lambda req: log.failed.append(req.url))
        page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: log.page_errors.append(str(e)))
        page.goto(url, wait_until="load")
        page.wait_for_selector("#kg-status[data-ready='1']", state="attached", timeout=15000)
        return page, log

    yield _open
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="session")
def viz_graph() -> Any:
    """The graph of ``seeds/`` built with the real English model (loaded once here)."""
    import kg

    return kg.build([SEEDS], nlp=kg.load_nlp())


@pytest.fixture(scope="module")
def seed_page(viz_graph, tmp_path_factory) -> Path:
    """``kg viz``'s page of the seed graph, written through the library."""
    from kg.viz import write_viz

    out = tmp_path_factory.mktemp("viz")
    return write_viz(viz_graph, out, ["html"])["html"]


_WORDS = ("North", "Grid", "Pacific", "Energy", "Institute", "Alliance", "Silicon", "Harbor", "Council",
          "Maria", "Okafor", "Chen", "Delta", "Systems", "Ministry", "Trade", "River", "Union", "Labs",
          "Quantum", "Atlas", "Bank", "Orbit", "Policy", "Forum", "Kestrel", "Vale", "Summit")
_TYPES = ("ORG", "PERSON", "COUNTRY", "CONCEPT", "GPE", "EVENT", "PRODUCT")
_PREDICATES = ("worksWith", "cooperatesOn", "meets", "restricts", "competesWith", "employs", "acquires")


def synthetic_knowledge_graph(n_entities: int = 330, n_isolated: int = 30, seed: int = 12) -> Any:
    """A ``KnowledgeGraph`` of ``n_entities`` made through kg's own model classes, the way
    several news articles come out of ``kg.build``: one article per connected group (a big
    one, some medium, many pairs), ``n_isolated`` entities without relations, names of one
    to three words, a few relations with a literal object (a date) and evidence sentences.

    Example:
        >>> g = synthetic_knowledge_graph(40, 5)
        >>> len(g.entities), g.to_networkx().number_of_nodes()
        (40, 40)
    """
    import random

    from kg.graph import KnowledgeGraph
    from kg.model import CharSpan, Document, Entity, Extraction, Provenance, Relation, Resolution, Sentence

    rng = random.Random(seed)
    entities = []
    mention_entity: dict[str, str] = {}
    for i in range(n_entities):
        name = " ".join(rng.choice(_WORDS) for _ in range(rng.choice((1, 2, 2, 3)))) + f" {i}"
        type_ = _TYPES[i % len(_TYPES)]
        eid = f"{type_.lower()}/E{i}"
        entities.append(Entity(eid, type_, name, aliases=(f"E{i}",) if i % 3 == 0 else ()))
        for m in range(1 + rng.randrange(6) + (12 if i < 10 else 0)):
            mention_entity[f"m{i}_{m}"] = eid
    connected = entities[: n_entities - n_isolated]
    # group sizes: one big article, a few medium ones, then pairs and triples
    sizes, left = [], len(connected)
    for s in (len(connected) // 3, 40, 25, 15, 10, 8, 6, 5, 4):
        if left - s >= 2:
            sizes.append(s)
            left -= s
    while left >= 2:
        s = min(left, 3 if left != 4 else 2)
        sizes.append(s)
        left -= s
    if left:
        sizes[-1] += left
    relations, extractions, start = [], [], 0
    for doc_index, size in enumerate(sizes):
        group = connected[start:start + size]
        start += size
        doc_id = f"doc{doc_index:03d}"
        pairs = [(group[rng.randrange(i)], group[i]) for i in range(1, size)]  # a random tree
        pairs += [tuple(rng.sample(group, 2)) for _ in range(size // 3)]  # and some cycles
        sentences, seen = [], set()
        for a, b in pairs:
            pred = rng.choice(_PREDICATES)
            if (a.id, pred, b.id) in seen:
                continue
            seen.add((a.id, pred, b.id))
            k = len(sentences)
            text = f"{a.name} {pred} {b.name}."
            sentences.append(Sentence(doc_id, k, 100 * k, 100 * k + len(text), text))
            ev = Provenance(CharSpan(doc_id, 100 * k, 100 * k + len(text), k), "synthetic",
                            round(0.35 + 0.6 * rng.random(), 2))
            relations.append(Relation(a.id, pred, b.id, (ev,)))
            if k % 7 == 0:  # a dated fact: drawn nowhere as an edge, listed in the node details
                relations.append(Relation(a.id, "startTime", f"20{10 + k % 15}-0{1 + k % 9}-01", (ev,),
                                          object_is_literal=True,
                                          datatype="http://www.w3.org/2001/XMLSchema#date"))
        document = Document(doc_id, " ".join(s.text for s in sentences), source=f"{doc_id}.txt")
        extractions.append(Extraction(document, tuple(sentences), (), ()))
    return KnowledgeGraph(Resolution(tuple(extractions), tuple(entities), tuple(relations), mention_entity))


@pytest.fixture(scope="session")
def big_graph() -> Any:
    """A synthetic 330-entity graph: 300 entities in connected groups, 30 without relations."""
    return synthetic_knowledge_graph()
