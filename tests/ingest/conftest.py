"""Fixtures of the reader tests: time and memory bounds, so that a reader that blocks on a FIFO or
reads ``/dev/zero`` for ever fails its test instead of hanging the run or exhausting the machine."""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import traceback
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import pytest

# Virtual memory a bounded child may map beyond what the test process has mapped already: reading
# needs little (a test running the whole pipeline asks for more).
READING_MEMORY = 2**30


@pytest.fixture
def deadline() -> Callable[[float], AbstractContextManager[None]]:
    """``with deadline(seconds):`` fails the test when the block takes longer (an ``open`` that
    blocks on a FIFO, say) instead of hanging the run; needs SIGALRM (POSIX)."""
    if not hasattr(signal, "setitimer"):
        pytest.skip("no interval timer on this platform")

    @contextlib.contextmanager
    def within(seconds: float) -> Iterator[None]:
        def expire(signum: int, frame: object) -> None:
            raise TimeoutError(f"still running after {seconds} s (blocked?)")

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    return within


@pytest.fixture
def bounded() -> Callable[..., Any]:
    """``bounded(seconds, function, *args, memory=READING_MEMORY)``: ``function(*args)`` run in a
    forked child process with a time limit and a limit of ``memory`` bytes more than this process
    maps, its result returned; a timeout, a crash or an exception in the child fails the test.  Unlike a signal, this also stops a read that never returns to
    Python (``read()`` of ``/dev/zero`` loops in C until memory runs out)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork on this platform")
    resource = pytest.importorskip("resource")
    context = multiprocessing.get_context("fork")

    def run(seconds: float, function: Callable[..., Any], *args: Any, memory: int = READING_MEMORY) -> Any:
        receiver, sender = context.Pipe(duplex=False)

        def child() -> None:
            mapped = _mapped_bytes()
            if mapped:
                resource.setrlimit(resource.RLIMIT_AS, (mapped + memory, mapped + memory))
            try:
                outcome: tuple[str, Any] = ("done", function(*args))
            except BaseException as error:  # every failure goes back to the test
                outcome = ("failed", "".join(traceback.format_exception(error)))
            sender.send(outcome)

        process = context.Process(target=child)  # not a daemon: the pipeline may start worker processes
        process.start()
        sender.close()
        with receiver:
            answered = receiver.poll(seconds)
            try:
                status, value = receiver.recv() if answered else ("timeout", None)
            except EOFError:
                status, value = "died", None
        process.join(5 if answered else 0)
        if process.is_alive():
            process.kill()
            process.join()
        if status == "timeout":
            pytest.fail(f"still running after {seconds} s (blocked on a FIFO or a device?)")
        if status == "died":
            pytest.fail(f"the child process died (exit code {process.exitcode}): out of memory?")
        if status == "failed":
            pytest.fail(value, pytrace=False)
        return value

    return run


def _mapped_bytes() -> int:
    """The virtual memory this process has mapped (Linux; 0 elsewhere, where RLIMIT_AS is advisory)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
