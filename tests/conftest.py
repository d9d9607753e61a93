"""Shared fixtures: the real English pipeline, the seed article's graph, a bare vocab."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def nlp():
    """The English model with kg's components (loaded once for the whole run)."""
    return kg.load_nlp()


@pytest.fixture(scope="session")
def seed_graph(nlp):
    """The graph of ``seeds/`` built with the real model."""
    return kg.build([SEEDS], nlp=nlp)


@pytest.fixture(scope="session")
def en_vocab():
    """An English vocab for hand-built ``Doc``s (no trained model needed)."""
    import spacy

    return spacy.blank("en").vocab
