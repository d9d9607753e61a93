"""The persistent side of an output folder: build state, named graphs, the Oxigraph store.

    DIR/graph.ttl, graph.nt, ...   exports (``kg.export``)
    DIR/store/                     Oxigraph store, one named graph per document
    DIR/.kg/                       build state: each document's Extraction as JSON

``update_graph`` plans an incremental build and resolves all documents again,
``write_output`` writes exports, store and state, ``remove_documents`` takes documents out.
"""

from __future__ import annotations

from kg.store.graphs import doc_graph, graph_iri, split_by_graph
from kg.store.oxigraph import StoreChanges, open_store, store_path, to_quads, write_store
from kg.store.state import State, extraction_from_data, extraction_to_data, read_state, write_state
from kg.store.update import (
    Output,
    Plan,
    graph_of,
    plan_update,
    remove_documents,
    update_graph,
    write_output,
)

__all__ = [
    "Output",
    "Plan",
    "State",
    "StoreChanges",
    "doc_graph",
    "extraction_from_data",
    "extraction_to_data",
    "graph_iri",
    "graph_of",
    "open_store",
    "plan_update",
    "read_state",
    "remove_documents",
    "split_by_graph",
    "store_path",
    "to_quads",
    "update_graph",
    "write_output",
    "write_state",
    "write_store",
]
