"""Extraction on several processes, or on a Dask cluster.

Workers load the spaCy pipeline once and return plain records (``Parsed``), never
spaCy Docs; the parent process resolves them and writes them to the store in input
order, so a parallel build gives exactly the graph of a single-process one. Local
workers are a standard ``concurrent.futures.ProcessPoolExecutor``; a cluster is reached
with ``dask.distributed`` (``kg build --scheduler tcp://HOST:PORT``).
"""
from __future__ import annotations

import gc
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Callable, Iterable, Iterator

from .ingest import InputError
from .records import Document, Parsed

_PIPELINES: dict = {}
WARM_UP = "The President of the Chess Federation, Anna Berg, met with the mayor of Oslo on Tuesday."


def _pipeline(model: str | tuple | None):
    """The worker's pipeline, loaded on first use and kept for the worker's life. ``model`` is
    the spaCy model's name, or (name, minimum confidence)."""
    if model not in _PIPELINES:
        from .nlp import load

        name, min_confidence = model if isinstance(model, tuple) else (model, None)
        _PIPELINES[model] = load(name, min_confidence=min_confidence)
    return _PIPELINES[model]


def extract_batch(documents: list[Document], model: str | None = None,
                  time_limit: float | None = None) -> list[Parsed | InputError]:
    """Parse and extract a batch of documents in this process (the unit of work sent to
    workers); the parent resolves and writes them. A document that takes longer than
    ``time_limit`` seconds comes back as a one-line error."""
    from .pipeline import DOC_SECONDS, parse_documents

    return list(parse_documents(_pipeline(model), documents, DOC_SECONDS if time_limit is None else time_limit))


def _warm(model: str | None) -> None:
    _pipeline(model)


def _start_worker(model: str | None) -> None:
    """A local worker's start: leave Ctrl-C to the parent (which stops the workers), end
    with the parent even when it is killed, and load the model."""
    import os
    import signal
    import threading
    from multiprocessing import parent_process
    from multiprocessing.connection import wait

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = parent_process()
    if parent is not None:
        def watch() -> None:
            wait([parent.sentinel])  # ready when the parent has gone
            os._exit(1)

        threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()
    extract_batch([Document("warm-up", WARM_UP, None, "warm-up")], model)  # loads the extractors' tables too
    gc.freeze()  # the model and tables live as long as the worker: spare the garbage collector walking them


class LocalWorkers:
    """N worker processes on this machine, each with the spaCy model loaded."""

    def __init__(self, workers: int, model: str | None = None):
        self.size, self.model = workers, model
        self.time_limit: float | None = None  # seconds per document (None: the default)
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                        initializer=_start_worker, initargs=(model,))
        self.window = 2 * workers

    def warm(self) -> None:
        """Wait until every worker has started and loaded the model."""
        for future in [self.pool.submit(_warm, self.model) for _ in range(self.size)]:
            future.result()

    @property
    def broken(self) -> bool:
        return bool(getattr(self.pool, "_broken", False))

    def submit(self, batch: list[Document]):
        return self.pool.submit(extract_batch, batch, self.model, self.time_limit)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskWorkers:
    """The workers of a Dask cluster (``tcp://HOST:PORT`` of its scheduler)."""

    def __init__(self, address: str, model: str | None = None):
        try:
            from dask.distributed import Client
        except ImportError:
            raise RuntimeError("--scheduler needs Dask: pip install 'kg[dask]'") from None
        self.client = Client(address, timeout="30s")
        self.model = model
        self.time_limit: float | None = None  # seconds per document (on Dask's threads: not enforced)
        self.window = 2 * max(1, sum(self.client.nthreads().values()))

    def submit(self, batch: list[Document]):
        return self.client.submit(extract_batch, batch, self.model, self.time_limit, pure=False)

    def close(self) -> None:
        self.client.close()


def ordered_results(workers, batches: Iterable[list[Document]],
                    on_batch: Callable[[list[Document], list], None] | None = None) -> Iterator[tuple[list, list]]:
    """Send batches to ``workers`` (a bounded number in flight) and yield (batch, results)
    in input order, so memory stays bounded however long the input."""
    pending: deque = deque()
    for batch in batches:
        pending.append((batch, workers.submit(batch)))
        if len(pending) >= workers.window:
            batch_done, future = pending.popleft()
            yield batch_done, future.result()
    while pending:
        batch_done, future = pending.popleft()
        yield batch_done, future.result()
