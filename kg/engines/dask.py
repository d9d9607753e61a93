"""The ``dask`` engine: extraction on Dask workers, resolution and writing on the client.

    kg build DOCS --out DIR --engine dask                      # a LocalCluster on this machine
    kg build DOCS --out DIR --engine dask --scheduler tcp://scheduler:8786

Every worker needs kg and the spaCy model installed (the same versions as the client);
it loads the pipeline once and keeps it for the next batches.  Batches are submitted a
few per worker at a time, so the client never holds the whole corpus in flight.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.model import Document
from kg.registry import engines

if TYPE_CHECKING:
    from kg.extract.nlp import NlpSpec
    from kg.extract.pipeline import Batch

IN_FLIGHT_PER_WORKER = 4


def _client(processes: int, scheduler: str | None) -> tuple[Any, Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise KGError("--engine dask needs dask.distributed: pip install 'kg[cluster]'") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="30s"), None
        except OSError as err:
            raise KGError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
    cluster = LocalCluster(n_workers=max(1, processes), threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


@engines.register("dask")
def dask_engine(batches: Iterable[Sequence[Document]], spec: NlpSpec, *, processes: int = 1,
                scheduler: str | None = None) -> Iterator[Batch]:
    """Extract on Dask workers; yields the batches' results in input order."""
    from kg.extract.pipeline import extract_batch  # spaCy: only where batches are extracted

    client, cluster = _client(processes, scheduler)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or processes)
        window: deque[Any] = deque()
        for batch in batches:
            window.append(client.submit(extract_batch, list(batch), spec, pure=False))
            while len(window) >= workers * IN_FLIGHT_PER_WORKER:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
