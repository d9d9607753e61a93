"""Engines run extraction (``kg.extract.pipeline.extract_batch``) over batches of
Documents; the build's main process then resolves and writes.  Registered by name in
``kg.registry.engines``:

``local``  this machine: in this process (``processes=1``) or in worker processes
           (forked from the main process, which shares its loaded pipeline with them;
           started afresh where fork is not available)
``dask``   Dask workers (``dask.distributed``): a ``LocalCluster`` of ``processes``
           workers, or the scheduler at ``scheduler`` (``tcp://host:8786``)

An engine is ``(batches, spec, *, processes, scheduler) -> Iterator[Batch]`` and yields
one ``Batch`` per input batch, in input order, so every engine gives the same graph.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from kg.model import Document
from kg.registry import engines

if TYPE_CHECKING:  # spaCy is imported where a batch is extracted, not where an engine is chosen
    from kg.extract.nlp import NlpSpec
    from kg.extract.pipeline import Batch

__all__ = ["available_cores", "can_share_pipeline", "local"]


def available_cores() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_share_pipeline() -> bool:
    """Whether worker processes are forked, and so share a pipeline loaded in this one."""
    return "fork" in multiprocessing.get_all_start_methods()


@engines.register("local")
def local(batches: Iterable[Sequence[Document]], spec: NlpSpec, *, processes: int = 1,
          scheduler: str | None = None) -> Iterator[Batch]:
    """Extract on this machine, in ``processes`` processes."""
    from kg.extract.pipeline import extract_batch

    if scheduler is not None:
        raise ValueError("the local engine takes no scheduler address; use --engine dask")
    if processes <= 1:
        for batch in batches:
            yield extract_batch(batch, spec)
        return
    ctx: Any = multiprocessing.get_context("fork" if can_share_pipeline() else "spawn")
    with ctx.Pool(processes) as pool:
        yield from pool.imap(partial(extract_batch, spec=spec), batches)


def _register_dask() -> None:
    from kg.engines import dask as _dask  # noqa: F401  (registers "dask"; imports dask lazily)


_register_dask()
