"""Why mentions became one entity: the merges of a resolution as lines of text
(``kg build --explain`` writes them to ``OUT/explain.txt``)."""

from __future__ import annotations

import re
from collections import Counter

from kg.model import Mention, Resolution

EXPLAIN_FILE = "explain.txt"


def merge_lines(resolution: Resolution) -> list[str]:
    """One line per merge of ``resolution``, in the order resolution made them: the name
    that joined, the name it joined, the rule (``kg.resolve.rules``), the document(s) and
    the entity both are now; merges that read alike are one line ending "N times".

    Example:
        >>> from kg.model import CharSpan, Document, Extraction, Provenance, Sentence
        >>> text = "Fumio Kishida spoke. Kishida left."
        >>> def m(start, end):
        ...     span = CharSpan("a", start, end, 0)
        ...     return Mention(f"a#{start}", text[start:end], "PERSON", span, Provenance(span, "ner"))
        >>> x = Extraction(Document("a", text), (Sentence("a", 0, 0, 34, text),), (m(0, 13), m(21, 28)), ())
        >>> from kg.resolve import resolve
        >>> print(*merge_lines(resolve([x])))
        merged 'Kishida' into 'Fumio Kishida' by rule last-word-same-class
        (doc a, entity person/Fumio_Kishida)
    """
    mentions = {m.id: m for x in resolution.extractions for m in x.mentions}
    lines: Counter[str] = Counter()  # in the order of their first merge
    for merge in resolution.merges:
        a, b = mentions[merge.mention], mentions[merge.into]
        entity = resolution.mention_entity.get(a.id, "?")
        if a.span.doc_id == b.span.doc_id:
            lines[f"merged {_quoted(a)} into {_quoted(b)} by rule {merge.rule} "
                  f"(doc {a.span.doc_id}, entity {entity})"] += 1
        else:
            lines[f"merged {_quoted(a)} (doc {a.span.doc_id}) into {_quoted(b)} (doc {b.span.doc_id}) "
                  f"by rule {merge.rule} (entity {entity})"] += 1
    return [line if n == 1 else f"{line} {n} times" for line, n in lines.items()]


def _quoted(m: Mention) -> str:
    """A mention's text in quotes, on one line."""
    return "'" + re.sub(r"\s+", " ", m.text).strip() + "'"
