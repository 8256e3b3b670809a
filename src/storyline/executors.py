"""Executors: how the pure per-article stages are run, in this process, a process pool or on Dask.

A stage hands a pure function and a stream of items to an :class:`Executor`; its ``map`` yields
the results in input order, with at most ``in_flight`` items submitted and not yet taken, so
memory stays bounded however long the stream is.  The stage never knows which executor ran it,
and its results are the same whichever did.

- :class:`InProcess`: here, one item after another (tests, small inputs).
- :class:`ProcessPool`: the stdlib :class:`concurrent.futures.ProcessPoolExecutor`, forked where
  the platform allows it; a warm-up (loading models, dictionaries) runs once before the fork, so
  the workers share what it loaded (elsewhere it runs once in each worker, ``initializer=``).
- :class:`DaskExecutor`: a Dask cluster (``dask://host:8786``) or a local one (``dask://local``);
  the optional ``[dask]`` extra.  The warm-up runs once per worker process, on its first task.

Per-worker state (a loaded model, a memo) lives in the worker processes, created lazily on first
use; nothing is shipped back and forth by hand.

>>> with InProcess() as executor:
...     list(executor.map(abs, [-2, 1, -3]))
[2, 1, 3]
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

from .errors import ConfigError

if TYPE_CHECKING:  # options.py checks its ``executor`` with check_spec
    from .options import Options

T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

#: Items in flight per worker: enough that reading, the workers and the writer overlap.
IN_FLIGHT_PER_WORKER = 4


@runtime_checkable
class Executor(Protocol):
    """Runs a pure function over a stream: ordered results, a bounded number in flight."""

    #: Processes working at once (1 for :class:`InProcess`).
    workers: int
    #: Whether its workers run on this machine (they can open the files this process opens).
    local: bool

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """``fn(item)`` for every item, in input order; ``fn`` and the items must pickle (but for
        :class:`InProcess`)."""
        ...

    def submit(self, fn: Callable[[T], R], item: T) -> Future[R]:
        """``fn(item)`` started on its own, beside the ``map``s running: its future (``done()``,
        ``result()``).  For side work whose result is taken when it is ready, not in stream order."""
        ...

    def close(self, stop: bool = False) -> None:
        """Release the workers: when their work is done, or at once with ``stop`` (Ctrl-C, an error)."""
        ...


class _Closing:
    def __enter__(self: Any) -> Any:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close(stop=kind is not None)  # type: ignore[attr-defined]


class InProcess(_Closing):
    """Here and now, one item after another."""

    workers = 1
    local = True

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return (fn(item) for item in items)

    def submit(self, fn: Callable[[T], R], item: T) -> Future[R]:
        future: concurrent.futures.Future[R] = concurrent.futures.Future()
        try:
            future.set_result(fn(item))
        except Exception as error:  # as a pool's future would hold it
            future.set_exception(error)
        return future

    def close(self, stop: bool = False) -> None:
        pass


class Future(Protocol[R_co]):
    """What stdlib and Dask futures share."""

    def result(self) -> R_co: ...
    def cancel(self) -> Any: ...
    def done(self) -> bool: ...


def _ordered(submit: Callable[[T], Future[R]], items: Iterable[T], in_flight: int) -> Iterator[R]:
    """The results of ``submit(item)`` in input order, at most ``in_flight`` submitted and not yet taken."""
    pending: deque[Future[R]] = deque()
    try:
        for item in items:
            pending.append(submit(item))
            if len(pending) >= in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:  # left early (an error, the consumer stopped): what was not started is not started
        for future in pending:
            future.cancel()


class ProcessPool(_Closing):
    """A local pool of ``workers`` processes (default: one per core), started on the first ``map``.

    ``warm_up`` prepares a process for the work (loads models): with fork it runs once, here,
    before the workers start, and they share its memory; otherwise once in each worker.
    Workers ignore Ctrl-C: the main process stops them (``close(stop=True)``)."""

    local = True

    def __init__(
        self, workers: int | None = None, warm_up: Callable[[], None] | None = None, in_flight: int | None = None
    ) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.in_flight = in_flight or IN_FLIGHT_PER_WORKER * self.workers
        self._warm_up = warm_up
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None

    def _started(self) -> concurrent.futures.ProcessPoolExecutor:
        if self._pool is None:
            # fork shares the already-imported libraries and the warmed-up models with the workers;
            # elsewhere spawn is the only safe start method (callers then need a __main__ guard)
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            in_worker = self._warm_up
            if method == "fork" and self._warm_up is not None:
                self._warm_up()
                in_worker = None
            self._pool = concurrent.futures.ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context(method),
                initializer=_start_worker,
                initargs=(in_worker,),
            )
        return self._pool

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        task = _Stoppable(fn)

        def submit(item: T) -> Future[R]:
            return self._started().submit(task, item)

        try:
            yield from _ordered(submit, items, self.in_flight)
        except (_Stopped, concurrent.futures.CancelledError):
            raise BrokenProcessPool("the pool was stopped (close(stop=True)) before this result was ready") from None

    def submit(self, fn: Callable[[T], R], item: T) -> Future[R]:
        return self._started().submit(_Stoppable(fn), item)

    def close(self, stop: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if stop:  # at once: the workers end the chunk they are on and skip the ones queued for them
            processes = list((getattr(pool, "_processes", None) or {}).values())
            for process in processes:
                with contextlib.suppress(OSError, ValueError):  # (a worker that has ended)
                    os.kill(process.pid, _STOP_SIGNAL)
            pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.join(timeout=STOP_GRACE)
            if any(process.is_alive() for process in processes):  # stuck in native code: ended outright
                queues = getattr(pool, "_call_queue", None), getattr(pool, "_result_queue", None)
                for process in processes:
                    process.kill()
                    process.join()
                _unblock(*queues)
                return
        pool.shutdown(wait=True)


def _unblock(calls: Any, results: Any) -> None:
    """After a pool's workers were killed: close this process's reading end of the pipe that took
    them their work, and its writing end of the pipe that brought their results.

    A worker killed while taking work or sending a result leaves the pipes in a state that nothing
    ends: the thread feeding work waits to write into a full pipe, the pool's manager thread for the
    rest of half a message, and the interpreter, which joins both at exit, never ends.  With no
    reader left the write fails; with no writer left the read ends."""
    for end in (getattr(calls, "_reader", None), getattr(results, "_writer", None)):
        if end is not None and not end.closed:
            end.close()


#: Seconds a worker has to end its task after ``close(stop=True)`` before it is killed.
STOP_GRACE = 5.0
_STOP_SIGNAL = getattr(signal, "SIGUSR1", signal.SIGTERM)
_stop_asked = False  # in a pool worker: the stop signal came (no task starts any more)
_in_task = False  # in a pool worker: a task is running (the stop signal ends it)


class _Stopped(BaseException):
    """In a pool worker: the pool is being stopped, the task was ended or not started (a
    BaseException, as Ctrl-C's: a stage's ``except Exception`` does not take it for a bad record)."""


def _start_worker(warm_up: Callable[[], None] | None) -> None:
    """In a pool worker: Ctrl-C is for the main process, which stops the workers itself (the stop
    signal: a running task raises :class:`_Stopped`); a main process killed outright (SIGKILL)
    takes the workers with it (Linux), else they would wait forever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(_STOP_SIGNAL, _stop_task)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if warm_up is not None:
        warm_up()


def _stop_task(signum: int, frame: object) -> None:
    """The stop signal: a running task ends with :class:`_Stopped`, which the pool sends back as its
    result.  Outside a task (taking work, sending a result) nothing is interrupted: the pipes
    stay whole, and the next task does not start."""
    global _stop_asked
    _stop_asked = True
    if _in_task:
        raise _Stopped


class _Stoppable:
    """``fn`` in a pool worker, ended early (:class:`_Stopped`) when the pool is being stopped."""

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn

    def __call__(self, item: Any) -> Any:
        global _in_task
        if _stop_asked:
            raise _Stopped
        _in_task = True
        try:
            return self.fn(item)
        finally:
            _in_task = False


_WARMED: set[str] = set()  # in a Dask worker: the warm-ups done in this process


class _Warmed:
    """``fn``, after ``warm_up`` has run once in the process that calls it (a Dask worker)."""

    def __init__(self, fn: Callable[[Any], Any], warm_up: Callable[[], None] | None, key: str) -> None:
        self.fn, self.warm_up, self.key = fn, warm_up, key

    def __call__(self, item: Any) -> Any:
        if self.key not in _WARMED:
            if self.warm_up is not None:
                self.warm_up()
            _WARMED.add(self.key)
        return self.fn(item)


class DaskExecutor(_Closing):
    """A Dask cluster: ``"local"`` starts a :class:`distributed.LocalCluster` of two single-threaded
    worker processes here (closed with the executor); ``"host:port"`` connects to a scheduler.

    The workers must be able to import ``storyline`` (the same version).  Needs the ``[dask]`` extra."""

    def __init__(self, address: str, warm_up: Callable[[], None] | None = None, in_flight: int | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:
            raise ConfigError(
                "The Dask executor needs the optional extra: pip install 'storyline[dask]'"
                " (in a checkout: pip install -e '.[dask]')."
            ) from error
        self._cluster: Any = None
        self.local = address == "local"
        if address == "local":
            self._cluster = LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
            )
            self._client: Any = Client(self._cluster)
        else:
            self._client = Client(address if "://" in address else f"tcp://{address}")
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        self.in_flight = in_flight or IN_FLIGHT_PER_WORKER * self.workers
        self._warm_up = warm_up
        self._key = uuid.uuid4().hex  # one warm-up per worker process and executor

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        task = _Warmed(fn, self._warm_up, self._key)

        def submit(item: T) -> Future[R]:
            return self._client.submit(task, item, pure=False)  # type: ignore[no-any-return]

        return _ordered(submit, items, self.in_flight)

    def submit(self, fn: Callable[[T], R], item: T) -> Future[R]:
        return self._client.submit(_Warmed(fn, self._warm_up, self._key), item, pure=False)  # type: ignore[no-any-return]

    def close(self, stop: bool = False) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None


EXECUTORS = "auto, inprocess, pool, pool:N, dask://local or dask://HOST:PORT"


def check_spec(spec: str) -> None:
    """Raise :class:`ConfigError` unless ``spec`` names an executor (see :func:`executor_for`)."""
    if isinstance(spec, str):
        if spec in ("auto", "inprocess", "pool") or (spec.startswith("dask://") and len(spec) > len("dask://")):
            return
        if spec.startswith("pool:") and spec[5:].isdigit() and 1 <= int(spec[5:]) <= 256:
            return
    raise ConfigError(f"The 'executor' parameter of Options must be one of {EXECUTORS}; got {spec!r}.")


def executor_for(
    spec: str | None, options: Options, large: bool = True, warm_up: Callable[[], None] | None = None
) -> Executor:
    """The executor ``spec`` names: ``None`` or ``"auto"``: a process pool of ``options.workers``
    (one per core) when the input is ``large`` enough to pay for starting it (about a second) and
    there is more than one worker, else this process; ``"inprocess"``; ``"pool"`` or ``"pool:N"``;
    ``"dask://local"`` (a local cluster) or ``"dask://HOST:PORT"`` (a scheduler).

    >>> from storyline.options import Options
    >>> executor_for("auto", Options(), large=False).__class__.__name__
    'InProcess'
    >>> executor_for("pool:3", Options()).workers
    3
    """
    spec = spec or "auto"
    check_spec(spec)
    if spec == "auto":
        workers = options.workers or (os.cpu_count() or 1)
        return ProcessPool(workers, warm_up) if large and workers > 1 else InProcess()
    if spec == "inprocess":
        return InProcess()
    if spec.startswith("pool"):
        return ProcessPool(int(spec[5:]) if ":" in spec else options.workers or None, warm_up)
    return DaskExecutor(spec[len("dask://") :], warm_up)
