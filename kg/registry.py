"""One registry per axis of extension (catalogue, as spaCy uses).

``readers``            file suffix -> function(path) -> Iterator[Document]
``relation_patterns``  "kg.<family>.v1" -> function(DocView) -> Iterator[MentionRelation]
``exporters``          format name -> module with ``write(graph, stream)``
``renderers``          visualisation back-ends
``engines``            name -> function(batches, NlpSpec, processes=, scheduler=) -> Iterator[Batch]

Built-ins are registered by importing their packages explicitly (see ``load_builtins``).
"""

from __future__ import annotations

from typing import Any

import catalogue

from kg.errors import UnknownNameError

readers = catalogue.create("kg", "readers")
relation_patterns = catalogue.create("kg", "relation_patterns")
exporters = catalogue.create("kg", "exporters")
renderers = catalogue.create("kg", "renderers")
engines = catalogue.create("kg", "engines")

_REGISTRIES = {
    "readers": readers,
    "relation_patterns": relation_patterns,
    "exporters": exporters,
    "renderers": renderers,
    "engines": engines,
}


# the packages whose modules register each registry's built-in entries
_BUILTINS = {
    "readers": ("kg.ingest",),
    "relation_patterns": ("kg.extract.patterns",),
    "exporters": ("kg.export",),
    "renderers": ("kg.viz",),
    "engines": ("kg.engines",),
}


def load_builtins(kind: str | None = None) -> None:
    """Import the packages whose modules register the built-in entries of registry
    ``kind`` (of every registry when ``None``): looking up an exporter never imports spaCy."""
    import importlib

    for k, modules in _BUILTINS.items():
        if kind is None or k == kind:
            for module in modules:
                importlib.import_module(module)


def get(kind: str, name: str) -> Any:
    """Look ``name`` up in registry ``kind``.

    Raises:
        UnknownNameError: the name is not registered; the message lists the choices.
    """
    load_builtins(kind)
    reg = _REGISTRIES[kind]
    try:
        return reg.get(name)
    except catalogue.RegistryError:
        raise UnknownNameError(kind, name, reg.get_all()) from None


def names(kind: str) -> list[str]:
    """The sorted registered names of registry ``kind``."""
    load_builtins(kind)
    return sorted(_REGISTRIES[kind].get_all())
