"""Parse untrusted PDFs in child processes, with a wall-clock limit per file.

Why a process: pdfminer can spin or balloon on a hostile or broken file, and a
thread cannot be stopped. Each PDF is parsed in its own child process (the
platform's default start method: ``fork`` on Linux, so starting one costs a few
milliseconds); the parent waits at most ``timeout`` seconds and kills it. The
child's memory is returned to the system when it exits, so a batch stays flat.

``run_isolated`` runs many (job, file) tasks with at most ``workers`` children
at once, all managed from the calling thread (no threads, so forking stays safe).
"""
from __future__ import annotations

import multiprocessing as mp
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from .errors import CorruptPDFError, IngestError, TimeLimitError

Job = Callable[[Path], Any]


def _child(job: Job, path: Path, conn: Connection) -> None:
    try:
        result: object = ("ok", job(path))
    except IngestError as exc:
        result = ("error", exc)
    except MemoryError:
        result = ("error", CorruptPDFError(path, "out of memory while parsing"))
    except Exception as exc:  # noqa: BLE001 - any parser crash is a corrupt file to the caller
        result = ("error", CorruptPDFError(path, f"{type(exc).__name__}: {exc}"))
    try:
        conn.send(result)
    finally:
        conn.close()


class _Running:
    def __init__(self, job: Job, path: Path, index: int) -> None:
        self.path = path
        self.index = index
        self.recv, send = mp.Pipe(duplex=False)
        self.proc = mp.Process(target=_child, args=(job, path, send), daemon=True)
        self.proc.start()
        send.close()
        self.started = time.monotonic()

    def result(self) -> Any:
        try:
            kind, payload = self.recv.recv()
        except (EOFError, OSError):
            self.proc.join()
            return CorruptPDFError(self.path, f"the parser process died (exit code {self.proc.exitcode})")
        finally:
            self.recv.close()
        self.proc.join()
        return payload

    def kill(self, timeout: float) -> IngestError:
        self.proc.kill()
        self.proc.join()
        self.recv.close()
        return TimeLimitError(self.path, f"stopped after {timeout:g} s")


def run_isolated(tasks: Iterable[tuple[Job, Path]], *, workers: int, timeout: float) -> Iterator[tuple[Path, Any]]:
    """Run each ``job(path)`` in a child process; yield (path, result or IngestError) in input order."""
    order = list(tasks)
    queue = list(enumerate(order))
    running: list[_Running] = []
    done: dict[int, Any] = {}
    next_out = 0
    while queue or running:
        while queue and len(running) < max(1, workers):
            i, (job, path) = queue.pop(0)
            running.append(_Running(job, path, i))
        now = time.monotonic()
        wait_for = min(max(0.0, r.started + timeout - now) for r in running)
        ready = wait([r.recv for r in running], timeout=wait_for)
        for r in list(running):
            if r.recv in ready:
                done[r.index] = r.result()
                running.remove(r)
            elif time.monotonic() - r.started >= timeout:
                done[r.index] = r.kill(timeout)
                running.remove(r)
        while next_out in done:
            yield order[next_out][1], done.pop(next_out)
            next_out += 1
