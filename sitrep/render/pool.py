"""Rendering many outputs at once: worker processes when they help, this process otherwise.

Each renderer is a pure function of the document, so the bytes never depend on where they were
rendered (tests/test_bench.py checks a parallel build against a sequential one byte for byte).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitrep.errors import Finding, SitrepError

if TYPE_CHECKING:
    from sitrep.compose import Document

__all__ = ["PARALLEL_MIN_OUTPUTS", "Progress", "busy_elsewhere", "choose_jobs", "idle_cpus", "render_all",
           "usable_cpus"]

PARALLEL_MIN_OUTPUTS = 4
"""With ``jobs`` left to choose (0), rendering goes to worker processes only from this many
outputs on (two languages, PDF and DOCX), and only when cores are idle (:func:`choose_jobs`).
Measured on 2 cores with whole ``sitrep build`` commands (``python bench/run.py --only build``):
English PDF + DOCX alone gained nothing from 2 workers (1.15 s with one process, 1.20 s with
two), so fewer outputs are rendered in this process; with the machine busy (load average 7.5)
the example's 12 outputs took 7.4–8.7 s in one process and 7.9–10.8 s with two workers."""

IDLE_FOR_A_WORKER = 0.5
"""How much of a CPU must be idle (:func:`idle_cpus`) for it to get a worker: a worker on a
core that other programs keep busy only adds the cost of forking and of sending documents and
bytes between processes."""

Progress = Callable[[str, int, int], None]
"""``progress(label, done, total)``: called with ``("", 0, total)`` before rendering starts and
with ``("ar pdf", done, total)`` each time an output has been rendered."""


def usable_cpus() -> int:
    """CPUs this process may run on (the affinity mask, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def _cpu_sample() -> tuple[int, int, float] | None:
    """(busy, total) clock ticks of all the machine's CPUs from /proc/stat, and this process's
    CPU seconds; None where there is no /proc/stat."""
    try:
        with open("/proc/stat", "rb") as fh:
            fields = fh.readline().split()
    except OSError:
        return None
    ticks = [int(v) for v in fields[1:9]]  # user nice system idle iowait irq softirq steal
    own = os.times()
    return sum(ticks) - ticks[3] - ticks[4], sum(ticks), own.user + own.system


_SINCE_IMPORT = _cpu_sample()
"""Taken when a build imports this module, before it reads, checks and composes (see
:func:`busy_elsewhere`)."""


def busy_elsewhere() -> float | None:
    """CPUs that other programs kept busy since this module was imported: the machine's busy
    time less this process's own, over the time passed. None when unknown (no /proc/stat) or
    when less than 0.2 s has passed. Unlike the load average, it does not count this user's
    previous build of a minute ago, and it sees what is running now."""
    now = _cpu_sample()
    if _SINCE_IMPORT is None or now is None:
        return None
    per_second = os.sysconf("SC_CLK_TCK")
    wall = (now[1] - _SINCE_IMPORT[1]) / per_second / max(1, os.cpu_count() or 1)
    if wall < 0.2:
        return None
    others = (now[0] - _SINCE_IMPORT[0]) / per_second - (now[2] - _SINCE_IMPORT[2])
    return max(0.0, others / wall)


def idle_cpus(load: float | None = None) -> float:
    """Usable CPUs minus those busy with other work: ``load`` when given (tests), else what
    :func:`busy_elsewhere` measured during this build, else the one-minute load average
    (where there is none, every usable CPU counts as idle)."""
    if load is None:
        load = busy_elsewhere()
    if load is None:
        try:
            load = os.getloadavg()[0]
        except (AttributeError, OSError):  # Windows has no load average
            load = 0.0
    return max(0.0, usable_cpus() - load)


def choose_jobs(jobs: int, outputs: int, *, load: float | None = None) -> int:
    """Worker processes for ``outputs`` renders: 1 means rendering in this process.

    ``jobs`` > 0 is taken as asked (capped at the number of outputs). 0 chooses: one worker per
    idle CPU (:func:`idle_cpus`, rounded to the nearest whole CPU, see
    :data:`IDLE_FOR_A_WORKER`), capped at the outputs, when there are at least
    :data:`PARALLEL_MIN_OUTPUTS` outputs, two CPUs or more to give them, and workers can be
    forked (Linux; elsewhere each worker would start a fresh interpreter and import the
    renderers again, which was not measured to pay off); otherwise 1. ``load`` is for tests
    (the CPUs to take as busy with other work).
    """
    import multiprocessing

    if jobs > 0:
        return max(1, min(jobs, outputs))
    if outputs < PARALLEL_MIN_OUTPUTS or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    workers = int(idle_cpus(load) + IDLE_FOR_A_WORKER)
    return max(1, min(workers, outputs))


@dataclass(frozen=True, slots=True)
class _Failed:
    """A SitrepError raised in a worker, carried back as data: its class and findings pickle,
    the exception itself would not (its constructor takes a Finding, not a message)."""

    kind: type[SitrepError]
    findings: tuple[Finding, ...]

    def exception(self) -> SitrepError:
        first, *rest = self.findings
        return self.kind(first, more=rest)


def _render_one(fmt: str, document: Document) -> tuple[bytes | _Failed, float]:
    """Render one output (in a worker process or in this one): bytes and seconds taken."""
    from sitrep.render import RENDERERS

    start = time.perf_counter()
    try:
        data: bytes | _Failed = RENDERERS[fmt](document)
    except SitrepError as exc:
        data = _Failed(type(exc), tuple(exc.findings))
    return data, time.perf_counter() - start


def render_all(documents: dict[str, Document], formats: Sequence[str], *, jobs: int = 0,
               progress: Progress | None = None, meanwhile: Callable[[], None] | None = None,
               ) -> tuple[dict[tuple[str, str], tuple[bytes, float]], int]:
    """Render every language × format; returns ``{(language, format): (bytes, seconds)}`` and
    the number of worker processes used (1: rendered in this process).

    The bytes do not depend on ``jobs``: each renderer is a pure function of the document
    (tests/test_bench.py checks that a parallel build equals a sequential one byte for byte).
    If worker processes cannot be started or one dies (no ``/dev/shm``, a sandbox without
    semaphores, a worker killed for memory), what is left is rendered here, sequentially.
    ``meanwhile`` is called once, while the workers render (or first, when there are none).
    """
    tasks = [(lang, fmt) for lang in documents for fmt in formats]
    # Longest first, so the last task to finish is a short one: PDFs take longer than DOCX,
    # and right-to-left PDFs (shaping and bidi per line) longest. Handing out the Chinese PDF
    # first too was measured slower (--jobs 2, 11 builds in turns at load average 2.5: median
    # 2.95 s against 2.31 s), so it keeps its place.
    order = sorted(tasks, key=lambda t: (t[1] != "pdf", not documents[t[0]].rtl))
    workers = choose_jobs(jobs, len(tasks))
    done: dict[tuple[str, str], tuple[bytes, float]] = {}

    def finish(task: tuple[str, str], outcome: tuple[bytes | _Failed, float]) -> None:
        data, seconds = outcome
        if isinstance(data, _Failed):
            raise data.exception()
        done[task] = (data, seconds)
        if progress:
            progress(f"{task[0]} {task[1]}", len(done), len(tasks))

    if progress:
        progress("", 0, len(tasks))
    if workers > 1:
        workers = _render_in_workers(documents, order, workers, finish, meanwhile)
    elif meanwhile:
        meanwhile()
    for task in order:
        if task not in done:
            finish(task, _render_one(task[1], documents[task[0]]))
    return done, workers


def _die_with_parent(parent: int) -> None:
    """In a worker: end when the build that started it ends, however it ends.

    A build killed outright (SIGKILL, an out-of-memory kill, a closed terminal) cannot tell its
    workers to stop, and an orphaned worker would wait on its queue for ever. On Linux the kernel
    sends the worker SIGTERM when its parent dies (``prctl(PR_SET_PDEATHSIG)``); a parent that died
    before this ran is caught by the parent-id check. Elsewhere nothing is done.
    """
    if sys.platform == "linux":
        import ctypes
        import signal

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            return
    if os.getppid() != parent:
        os._exit(1)


def _render_in_workers(documents: dict[str, Document], order: list[tuple[str, str]], workers: int,
                       finish: Callable[[tuple[str, str], tuple[bytes | _Failed, float]], None],
                       meanwhile: Callable[[], None] | None) -> int:
    """Render ``order`` in a pool of forked workers, calling ``finish`` as each completes.
    Returns the workers used, or 1 when the pool could not run (the caller renders the rest)."""
    import gc
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    # Forked workers share the parent's memory page by page until either writes to a page; a
    # garbage collection in a worker would touch every object of a large intake and copy it.
    # Frozen objects are left alone by the collector.
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            pending = {pool.submit(_render_one, fmt, documents[lang]): (lang, fmt) for lang, fmt in order}
            try:
                if meanwhile:
                    meanwhile()
                    meanwhile = None
                while pending:
                    finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        finish(pending.pop(future), future.result())
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    except (BrokenProcessPool, OSError, ImportError, NotImplementedError):
        if meanwhile:  # the pool did not even start
            meanwhile()
        return 1
    finally:
        gc.unfreeze()
    return workers
