"""Worker processes for the CPU-bound batch steps, outside Prefect.

Prefect's ``ProcessPoolTaskRunner`` costs about 0.6 s a task on this machine (each task run is
shipped with its context to a process that reports its states to the API itself), against 8 ms
for a thread; with a few dozen batches that was a fifth to a half of a two-worker run, which
is why two workers barely beat one. So the Prefect tasks run in threads of the driver (each
still a task run in the UI, with its retries) and each hands its step to plain processes that
never import Prefect: with ``--workers N`` a pool of N, started once per run; with ``--dask`` a
Dask cluster's workers, which then need neither Prefect nor a way to reach its API. A pool
worker dies with the run: on Linux it asks the kernel for SIGKILL when its parent (the fork
server, which exits when the driver goes) goes.

    >>> with worker_pool(1):
    ...     in_workers(sum)([1, 2, 3])
    6
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import multiprocessing
import multiprocessing.forkserver
import re
import signal
import sys
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_pool: "Executor | DaskSteps | None" = None


def _die_with_parent() -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


@contextmanager
def worker_pool(workers: int, dask: str | None = None) -> Iterator[None]:
    """Where :func:`in_workers` steps run while the block runs: on the Dask cluster at ``dask``
    (:func:`dask_cluster`), else in ``workers`` processes (none for one worker: here)."""
    global _pool
    if dask:
        from distributed import Client

        with dask_cluster(dask) as address, Client(address, set_as_default=False) as client:
            check_cluster(client, address)
            _pool = DaskSteps(client)
            try:
                yield
            finally:
                _pool = None
        return
    if workers <= 1:
        yield
        return
    _pool = ProcessPoolExecutor(workers, mp_context=start_fork_server(), initializer=_die_with_parent)
    try:
        yield
    finally:
        pool, _pool = _pool, None
        pool.shutdown(wait=True, cancel_futures=True)


class DaskSteps:
    """A Dask client seen as an executor: each step one Dask task, named after it.

    The step and its arguments travel as one ``functools.partial``: Dask walks a task's
    arguments for futures to wait on, and a batch is a list of thousands of documents."""

    def __init__(self, client: Any):
        self.client = client

    def submit(self, step: Callable, *args, **kwargs) -> Any:  # a Dask future: .result() as a pool's
        return self.client.submit(functools.partial(step, *args, **kwargs),
                                  key=f"{step.__name__}-{uuid.uuid4().hex}")


class ClusterError(RuntimeError):
    """The Dask cluster cannot run this run's steps as this process would run them."""


def cluster_threads(address: str, timeout: float = 10) -> int:
    """How many steps the Dask cluster at ``address`` runs at once now (its workers' threads);
    0 when it has no worker yet or cannot be reached (the run's own check then says which)."""
    from distributed import Client

    try:
        with Client(address, timeout=timeout, set_as_default=False) as client:
            return sum(client.nthreads().values())
    except (OSError, TimeoutError):
        return 0


WORKER_WAIT = 60  # seconds for a first worker to join a scheduler that has none yet


def check_cluster(client: Any, address: str, ours: str | None = None, wait: float = WORKER_WAIT) -> None:
    """Raise :class:`ClusterError`, before any batch is sent, unless the cluster at ``address``
    has a worker and every worker runs what this process runs (:func:`code_fingerprint`, or
    ``ours``): a worker with other cleaners or other package versions would give results a
    one-process run does not, and a cluster with no worker would wait for ever. Workers that
    join later are not checked."""
    try:
        client.wait_for_workers(1, timeout=wait)
    except TimeoutError:
        raise ClusterError(f"no Dask worker joined the scheduler at {address} within {wait:g} s") from None
    try:
        theirs = client.run(code_fingerprint)
    except Exception as e:  # what a worker raised, e.g. that it cannot import flows.workers
        raise ClusterError(f"the Dask workers at {address} cannot run qingxi's steps ({type(e).__name__}: {e}); "
                           "install qingxi on every worker machine") from e
    ours = ours or code_fingerprint()
    other = sorted(worker for worker, fingerprint in theirs.items() if fingerprint != ours)
    if other:
        raise ClusterError(f"{len(other)} of {len(theirs)} Dask workers at {address} run other qingxi code or "
                           f"package versions than this process ({', '.join(other[:3])}): their results would "
                           "differ from a one-process run; install the same qingxi on every worker machine")


@functools.cache
def code_fingerprint() -> str:
    """What decides a run's results besides its input and options: the files of qingxi's packages
    and the versions of the packages it requires (its extras' aside)."""
    import cleaners
    import flows

    digest = hashlib.blake2b(digest_size=8)
    for package in (cleaners, flows):
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root.parent).as_posix().encode() + b"\0" + path.read_bytes())
    try:
        requirements = importlib.metadata.requires("qingxi") or []
    except importlib.metadata.PackageNotFoundError:  # run from a checkout, not installed
        requirements = []
    for requirement in requirements:
        if "extra ==" not in requirement:
            name = re.match(r"[A-Za-z0-9_.-]+", requirement).group()
            digest.update(f"{name}=={importlib.metadata.version(name)}\0".encode())
    return digest.hexdigest()


@contextmanager
def dask_cluster(address: str | None) -> Iterator[str | None]:
    """The Dask scheduler ``--dask`` names, for the block. ``local:N`` starts one here with N
    one-thread worker processes (cleaning holds the GIL), forked like the pool's from the fork
    server (:func:`start_fork_server`), so that they share the cleaners' tables it built; another
    address is a running cluster, whose workers may build them as they start
    (``dask worker --preload flows.warm_workers``).

    Dask's own way is to spawn each worker, which then imports the steps and builds every table
    for itself: seconds of CPU per worker while the cluster starts, and a copy of each table per
    worker in memory."""
    if not address or not address.startswith("local:"):
        yield address
        return
    import dask
    from distributed import LocalCluster

    start_fork_server()
    with (dask.config.set({"distributed.worker.multiprocessing-method": "forkserver",
                           "distributed.worker.profile.enabled": False}),
          LocalCluster(n_workers=int(address.removeprefix("local:")), threads_per_worker=1, processes=True,
                       dashboard_address=None)
          as cluster):
        yield cluster.scheduler_address


def start_fork_server() -> multiprocessing.context.BaseContext:
    """The context :func:`worker_pool` forks its workers in, its server started if it is not yet.

    Not a fork of the driver, which runs Prefect's threads (and its temporary server): a fork
    server, a fresh single-threaded process that imports the steps and builds the cleaners'
    tables once (:mod:`flows.warm_workers`) and forks the workers from itself, so they share the
    tables. The command starts it first thing, so that this happens while Prefect starts.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["flows.warm_workers"])
    multiprocessing.forkserver.ensure_running()
    return context


class Opaque:
    """A task parameter that Prefect passes along without looking inside.

    Prefect walks every element of a task's parameters looking for futures to wait on: a batch
    is thousands of documents, a decision thousands of strings, and the walk cost more than the
    task's own work. :func:`unwrapping` steps take it off.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value

    def __repr__(self) -> str:
        return f"Opaque({type(self.value).__name__})"


def unwrapping(step: Callable) -> Callable:
    """``step``, given its :class:`Opaque` arguments' values."""

    @functools.wraps(step)
    def run(*args, **kwargs):
        return step(*(a.value if isinstance(a, Opaque) else a for a in args),
                    **{k: v.value if isinstance(v, Opaque) else v for k, v in kwargs.items()})

    return run


def in_workers(step: Callable) -> Callable:
    """``step`` (:func:`unwrapping`) run in the pool or on the Dask cluster when there is one, else
    here (one worker). They are handed ``step`` itself, which pickles by name."""

    @functools.wraps(step)
    def run(*args, **kwargs):
        if _pool is None:
            return step(*args, **kwargs)
        return _pool.submit(step, *args, **kwargs).result()

    return unwrapping(run)
