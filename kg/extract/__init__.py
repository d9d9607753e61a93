"""spaCy Doc -> mentions and relation candidates.  The only package that sees spaCy."""

from kg.extract.nlp import load_nlp
from kg.extract.pipeline import extract, extract_many

__all__ = ["extract", "extract_many", "load_nlp"]
