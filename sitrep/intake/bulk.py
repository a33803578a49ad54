"""Python's cycle collector paused while a stage makes the objects of a large intake.

The collector runs after every few hundred new container objects and, now and then, walks every
object alive: reading, validating and merging 50,000 rows make some two million objects (a dict
per row, a record, a log line …), and the walks over them took 0.4–0.6 s of a 3–4 s
``sitrep validate`` (gc callbacks, 5 full collections). What these stages make holds no reference
cycles, so nothing waits for the collector; it runs again, from where it was, when the stage ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cycle collection inside the block (nested blocks leave it to the outermost)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
