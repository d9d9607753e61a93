"""The persistent side of an output folder: the build state and the Oxigraph store.

    DIR/graph.ttl, graph.nq, ...   exports (``kg.export``)
    DIR/store/                     Oxigraph store, one named graph per document
    DIR/.kg/                       build state: each document's Extraction as JSON
    DIR/.kg/lock                   one writer at a time (``kg.store.lock``)

This package only persists; ``kg.build`` decides what to write.  Outputs are staged
aside and swapped in together (``kg.store.commit``).
"""

from __future__ import annotations

from kg.store.oxigraph import StoreChanges, open_store, store_changes, store_path, write_store
from kg.store.state import (
    Manifest,
    State,
    extraction_from_data,
    extraction_to_data,
    read_extraction,
    read_manifest,
    read_state,
    save_extraction,
    saved_extraction,
    stage_manifest,
    write_manifest,
    write_state,
)

__all__ = [
    "Manifest",
    "State",
    "StoreChanges",
    "extraction_from_data",
    "extraction_to_data",
    "open_store",
    "read_extraction",
    "read_manifest",
    "read_state",
    "save_extraction",
    "saved_extraction",
    "stage_manifest",
    "store_changes",
    "store_path",
    "write_manifest",
    "write_state",
    "write_store",
]
