"""Rendering many outputs at once: this process with worker processes when they help (the
workers make the PDFs, this process the DOCX and HTML files), this process alone otherwise.

Each renderer is a pure function of the document, so the bytes never depend on where they were
rendered (tests/test_bench.py checks a parallel build against a sequential one byte for byte).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sitrep.errors import Finding, SitrepError

if TYPE_CHECKING:
    from sitrep.compose import Document

__all__ = ["PARALLEL_MIN_OUTPUTS", "Progress", "Workers", "busy_elsewhere", "choose_jobs", "idle_cpus",
           "render_all", "running_elsewhere", "start_workers", "usable_cpus"]

PARALLEL_MIN_OUTPUTS = 4
"""With ``jobs`` left to choose (0), rendering goes to worker processes only from this many
outputs on (two languages, PDF and DOCX), and only when cores are idle (:func:`choose_jobs`).
Measured on 2 cores with whole ``sitrep build`` commands (``python bench/run.py --only build``):
English PDF + DOCX alone gained nothing from 2 workers (1.15 s with one process, 1.20 s with
two), nor from one worker making the PDF beside this process (0.73 s against 0.72 s, medians
of 9), so fewer outputs are rendered in this process alone."""

IDLE_FOR_A_WORKER = 0.5
"""How much of a CPU must be idle (:func:`idle_cpus`) for it to get a worker beyond the first:
each further worker starts the PDF renderer again, which pays only on a core of its own."""

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
    when less than 0.1 s has passed (the kernel counts in hundredths of a second, so a shorter
    window says too little): it serves workers started after composing (:func:`render_all`
    called without them), while ``sitrep build`` decides at its start (:func:`running_elsewhere`).
    Unlike the load average, it does not count this user's
    previous build of a minute ago, and it sees what is running now."""
    now = _cpu_sample()
    if _SINCE_IMPORT is None or now is None:
        return None
    per_second = os.sysconf("SC_CLK_TCK")
    wall = (now[1] - _SINCE_IMPORT[1]) / per_second / max(1, os.cpu_count() or 1)
    if wall < 0.1:
        return None
    others = (now[0] - _SINCE_IMPORT[0]) / per_second - (now[2] - _SINCE_IMPORT[2])
    return max(0.0, others / wall)


def running_elsewhere(samples: int = 3) -> float | None:
    """Threads of other programs running or ready to run now: the fewest of ``samples`` looks at
    ``procs_running`` in /proc/stat, a millisecond apart, less this process (a program that
    keeps a CPU busy shows in every look, a momentary wake-up of a daemon in one); None where
    there is no /proc/stat. Unlike the load average it does not remember the build that ended a
    second ago (the one-minute average of builds run one after another stays near 1 on an
    otherwise idle machine)."""
    seen = []
    for look in range(samples):
        if look:
            time.sleep(0.001)
        try:
            with open("/proc/stat", "rb") as fh:
                running = next((line for line in fh if line.startswith(b"procs_running ")), None)
            if running is None:
                return None
            seen.append(float(running.split()[1]) - 1)
        except (OSError, ValueError, IndexError):
            return None
    return max(0.0, min(seen))


def idle_cpus(load: float | None = None) -> float:
    """Usable CPUs minus those busy with other work: ``load`` when given (tests), else what
    :func:`busy_elsewhere` measured during this build, else (at its start) the other programs
    running right now (:func:`running_elsewhere`), else the one-minute load average (where there
    is none, every usable CPU counts as idle)."""
    if load is None:
        load = busy_elsewhere()
    if load is None:
        load = running_elsewhere()
    if load is None:
        try:
            load = os.getloadavg()[0]
        except (AttributeError, OSError):  # Windows has no load average
            load = 0.0
    return max(0.0, usable_cpus() - load)


def choose_jobs(jobs: int, outputs: int, *, load: float | None = None) -> int:
    """Processes rendering ``outputs`` renders, this one included: 1 means this process alone
    (:func:`start_workers` forks one less than this).

    ``jobs`` > 0 is taken as asked (capped at the number of outputs). 0 chooses, when there
    are at least :data:`PARALLEL_MIN_OUTPUTS` outputs, two usable CPUs or more, and workers can
    be forked (Linux; elsewhere each worker would start a fresh interpreter and import the
    renderers again, which was not measured to pay off): one worker beside this process
    whatever the load, and one more per further idle CPU (:func:`idle_cpus`, rounded to the
    nearest whole CPU, see :data:`IDLE_FOR_A_WORKER`), capped at the CPUs and the outputs;
    otherwise 1. ``load`` is for tests (the CPUs to take as busy with other work).

    The first worker pays even on a busy machine, because it makes the PDFs while this process
    makes the DOCX files, so no renderer starts twice, and two processes get a larger share of
    contended CPUs than one. The example's full build on 2 cores, medians of 7 runs a series: one
    core kept busy by another program, 1.88 and 2.21 s in one process against 1.54 s with the
    worker; both cores busy, 2.74 and 2.70 s against 2.21 and 2.06 s. (Before the split, two workers
    that each started the PDF renderer were slower than one process on a busy machine.)
    """
    import multiprocessing

    if jobs > 0:
        return max(1, min(jobs, outputs))
    cpus = usable_cpus()
    if outputs < PARALLEL_MIN_OUTPUTS or cpus < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if cpus == 2:  # this process and the first worker: nothing to measure
        return 2
    idle = int(idle_cpus(load) + IDLE_FOR_A_WORKER)
    return max(2, min(idle, cpus, outputs))


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
               workers: Workers | None = None,
               ) -> tuple[dict[tuple[str, str], tuple[bytes, float]], int]:
    """Render every language × format; returns ``{(language, format): (bytes, seconds)}`` and
    the number of processes that rendered (1: this process alone).

    ``workers`` started earlier by :func:`start_workers` are used (and shut down); without them,
    they are started here when :func:`choose_jobs` says so. This process renders too: the workers
    take the outputs from the longest end (PDFs, right-to-left first), this process from the
    shortest (DOCX, HTML), so each renderer's start-up is mostly paid once. The bytes do not
    depend on who rendered them: each renderer is a pure function of the document
    (tests/test_bench.py checks a parallel build against a sequential one byte for byte).
    If worker processes cannot be started or one dies (no ``/dev/shm``, a sandbox without
    semaphores, a worker killed for memory), what is left is rendered here. ``meanwhile`` is
    called once, before this process renders anything.
    """
    tasks = [(lang, fmt) for lang in documents for fmt in formats]
    # Longest first, so the last task to finish is a short one: PDFs take longer than DOCX,
    # and right-to-left PDFs (shaping and bidi per line) longest. Handing out the Chinese PDF
    # first too was measured slower (--jobs 2, 11 builds in turns at load average 2.5: median
    # 2.95 s against 2.31 s), so it keeps its place.
    order = sorted(tasks, key=lambda t: (t[1] != "pdf", not documents[t[0]].rtl))
    if workers is None:
        workers = start_workers(jobs, len(tasks), warm_pdf=False)
    done: dict[tuple[str, str], tuple[bytes, float]] = {}

    def finish(task: tuple[str, str], outcome: tuple[bytes | _Failed, float]) -> None:
        data, seconds = outcome
        if isinstance(data, _Failed):
            raise data.exception()
        done[task] = (data, seconds)
        if progress:
            progress(f"{task[0]} {task[1]}", len(done), len(tasks))

    ran: list[bool] = []

    def meanwhile_once() -> None:  # also when the workers fail before they call it
        if meanwhile and not ran:
            ran.append(True)
            meanwhile()

    if progress:
        progress("", 0, len(tasks))
    used = 1
    if workers is not None:
        with workers:
            used = workers.share(documents, order, finish, meanwhile_once, here=lambda t: finish(
                t, _render_one(t[1], documents[t[0]])))
    meanwhile_once()
    for task in order:  # everything (no workers), or what was left when they failed
        if task not in done:
            finish(task, _render_one(task[1], documents[task[0]]))
    return done, used


def start_workers(jobs: int, outputs: int, *, warm_pdf: bool = True) -> Workers | None:
    """Worker processes for rendering, started now (None when :func:`choose_jobs` gives this
    process alone, or they cannot be forked).

    A build starts them before it imports, reads and composes (``warm_pdf``): each renders two
    throw-away PDFs meanwhile (:func:`_warm_pdf`), on a core that would be idle otherwise, so the
    PDF start-up (about 0.3 s of imports, fonts and first runs) is off the build's path, and
    they are forked while this process holds no intake yet. Measured on 2 cores, the example's
    full build (medians of 7-11 runs, several series): 1.11-1.19 s with two workers forked after
    composing, each starting the PDF renderer; 1.02-1.07 s with one worker forked first and this
    process rendering the DOCX files (and ending without teardown, see sitrep.cli_output).
    """
    count = choose_jobs(jobs, outputs) - 1
    if count < 1:
        return None
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    workers = Workers(count, warm_pdf=warm_pdf)
    return workers if workers.start() else None


class Workers:
    """Forked worker processes that render outputs alongside this process (see :func:`start_workers`)."""

    IN_FLIGHT = 2
    """Outputs handed to each worker at a time: one to render, one waiting, so a worker never
    idles while this process renders."""

    PDF_START_RENDERS = 4
    """Starting the PDF renderer (imports, fonts) takes about as long as rendering four PDFs
    (0.3 s against 0.06-0.1 s each for the example on 2 cores): this process, which renders the
    DOCX and HTML outputs, takes PDFs from the warmed workers only while more than this many
    per worker are waiting."""

    def __init__(self, count: int, *, warm_pdf: bool) -> None:
        self.count = count
        self.warm_pdf = warm_pdf
        self.pool: Any = None

    def start(self) -> bool:
        """Fork the workers now; False when they cannot be started."""
        import gc
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # Forked workers share this process's memory page by page until either writes to a page; a
        # garbage collection in a worker would touch every object inherited (a large intake, when
        # the workers start late) and copy it. Frozen objects are left alone by the collector.
        gc.freeze()
        try:
            self.pool = ProcessPoolExecutor(max_workers=self.count, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_start_worker, initargs=(os.getpid(), self.warm_pdf))
            self.pool.submit(int)  # forks every worker now (a fork pool starts them all at the first task)
        except (OSError, ImportError, NotImplementedError, RuntimeError):
            self.close()
            return False
        finally:
            gc.unfreeze()  # the workers keep their frozen copy
        return True

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def share(self, documents: dict[str, Document], order: list[tuple[str, str]],
              finish: Callable[[tuple[str, str], tuple[bytes | _Failed, float]], None],
              meanwhile: Callable[[], None], here: Callable[[tuple[str, str]], None]) -> int:
        """Render ``order``: the workers from its front, this process (``here``) from its back.
        Returns the processes that rendered, or 1 when the workers failed (the caller renders
        what is left)."""
        from collections import deque
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        queue = deque(order)
        pending: dict[Any, tuple[str, str]] = {}

        def top_up() -> None:
            while queue and len(pending) < self.count * self.IN_FLIGHT:
                task = queue.popleft()
                pending[self.pool.submit(_render_one, task[1], documents[task[0]])] = task

        def collect(timeout: float | None) -> None:
            finished, _ = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
            for future in finished:
                finish(pending.pop(future), future.result())

        try:
            top_up()
            meanwhile()
            warm_here = not self.warm_pdf  # unwarmed workers: starting a renderer costs the same here
            while queue:
                if queue[-1][1] == "pdf" and not warm_here and len(queue) < self.count * self.PDF_START_RENDERS:
                    collect(None)  # only PDFs left, and too few to pay for starting the PDF renderer here
                else:
                    task = queue.pop()
                    here(task)
                    warm_here = warm_here or task[1] == "pdf"
                    collect(0)
                top_up()
            while pending:
                collect(None)
        except (BrokenProcessPool, OSError):
            return 1
        return self.count + 1


def _start_worker(parent: int, warm_pdf: bool) -> None:
    """A worker's first steps: end with the build (:func:`_die_with_parent`), then get the PDF
    renderer going while the build is still reading (nothing is lost if it fails)."""
    _die_with_parent(parent)
    if warm_pdf:
        with contextlib.suppress(Exception):  # only a head start: the real render reports any problem
            _warm_pdf()


def _warm_pdf() -> None:
    """Render two one-line documents, left-to-right and right-to-left, and throw them away: the
    imports, the default fonts, the archival step and the first use of reportlab's code paths
    (about 0.25 s on 2 cores) are then paid before the first real document arrives."""
    from sitrep.compose.document import Document, Paragraph
    from sitrep.render.pdf import render_pdf

    for language, rtl, text in (("en", False, "Warm-up 1,234"), ("ar", True, "تحديث عاجل ١٢٣")):
        render_pdf(Document(language=language, rtl=rtl, title="", subject="", author="", file_stem="warm-up",
                            footer=text, page_label="{page}/{pages}", blocks=(Paragraph(text=text),)))


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
