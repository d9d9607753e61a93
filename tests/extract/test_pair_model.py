"""The pair classifier's probabilities do not depend on the order of the features (which
can follow a set's iteration order, different in every process)."""

from __future__ import annotations

import random

import numpy as np

from kg.extract.patterns.pairs import shipped_model


def test_pair_model_probabilities_ignore_feature_order():
    model = shipped_model()
    assert model is not None
    names = sorted(model.index)
    rng = random.Random(7)
    for _ in range(50):
        features = rng.sample(names, 60)
        shuffled = features[:]
        rng.shuffle(shuffled)
        assert np.array_equal(model.probabilities(tuple(features)), model.probabilities(tuple(shuffled)))


def test_pair_model_probabilities_each_are_probabilities_bit_for_bit():
    model = shipped_model()
    assert model is not None
    names = sorted(model.index)
    rng = random.Random(11)
    batch = [tuple(rng.sample(names, rng.randrange(0, 90))) + ("not a feature",) for _ in range(600)]
    each = model.probabilities_each(batch, batch=64)
    assert each.dtype == model.probabilities(batch[0]).dtype
    for features, row in zip(batch, each, strict=True):
        assert np.array_equal(model.probabilities(features), row)


def test_pair_model_probabilities_many_same_with_and_without_an_empty_row():
    from kg.extract.patterns.news import shipped_model as news_model

    found = news_model()
    assert found is not None
    model = found[0]
    names = sorted(model.index)
    rng = random.Random(5)
    batch = [tuple(rng.sample(names, rng.randrange(1, 70))) for _ in range(40)]
    with_empty = model.probabilities_many([*batch, ("not a feature",)])
    assert np.array_equal(with_empty[:-1], model.probabilities_many(batch))
    assert np.array_equal(with_empty[-1], 1.0 / (1.0 + np.exp(-model.bias)))
