"""The ``[map]`` table of ``report.toml``: which boundaries colour which figure.

A leaf below :mod:`sitrep.config` (which calls :func:`parse_map`): it only checks keys and
types. Reading the boundary file itself is :mod:`sitrep.boundaries`' work, later, so a bad
file never stops the rest of the report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

Measure = Literal["displaced", "households", "killed", "injured", "casualties"]
MEASURES: tuple[Measure, ...] = get_args(Measure)
"""Figures a map can colour the areas by."""

MAP_KEYS = ("boundaries", "outlines", "pcode_field", "measure", "attribution", "max_size_mb", "mark_locations")
DEFAULT_MAX_MB = 50.0
"""Largest boundary file read (COD-AB files for one country are a few MB to a few tens of MB)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MapSettings:
    """What ``[map]`` asks for."""

    boundaries: Path | None
    """The boundary file (GeoJSON, or a zipped shapefile), or None when the key is empty."""
    boundaries_key: str = ""
    """The path as written in report.toml (for messages)."""
    outlines: Path | None = None
    """Optional admin-1 boundaries for the governorate outlines (else the districts are dissolved)."""
    pcode_field: str = ""
    """Field holding the P-code; empty: found by the COD-AB conventions."""
    measure: Measure = "displaced"
    attribution: str = ""
    """Credit line for the boundaries (a default naming OCHA COD-AB is used when empty)."""
    max_size_mb: float = DEFAULT_MAX_MB
    mark_locations: bool = True
    """Mark the affected locations that have coordinates (Locations sheet, ``#geo+lat``/``#geo+lon``)."""


Fail = Callable[[str, str, str], None]
"""``fail(key, message, hint)``: records a finding at ``report.toml › key``."""


def parse_map(raw: object, workspace: Path, fail: Fail) -> MapSettings | None:
    """Check the ``[map]`` table (None when there is none)."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        fail("map", "'map' must be a table", 'write it as [map] with boundaries = "…"')
        return None
    # Unknown keys are reported by the declared schema (sitrep.config.schema).

    def text(key: str) -> str:
        value = raw.get(key, "")
        if not isinstance(value, str):
            fail(f"map.{key}", f"'map.{key}' must be text", "write it in double quotes")
            return ""
        return value.strip()

    def path(key: str) -> Path | None:
        value = text(key)
        if not value:
            return None
        if Path(value).is_absolute() or Path(value).drive:
            fail(f"map.{key}", f"the path '{value}' is not relative to the workspace",
                 'write it relative to the folder of report.toml, e.g. "boundaries/syr_adm2.geojson"')
            return None
        return workspace / value

    measure_text = text("measure") or "displaced"
    measure: Measure = next((m for m in MEASURES if m == measure_text), "displaced")
    if measure_text not in MEASURES:
        fail("map.measure", f"'map.measure' is {measure_text!r}, which is not one of: {', '.join(MEASURES)}",
             f"use one of {', '.join(MEASURES)}")
    size = raw.get("max_size_mb", DEFAULT_MAX_MB)
    if isinstance(size, bool) or not isinstance(size, int | float) or not 0 < size <= 1000:
        fail("map.max_size_mb", f"'map.max_size_mb' must be a number of megabytes from 0 to 1000, not {size!r}",
             "write a number without quotes, e.g. 50")
        size = DEFAULT_MAX_MB
    mark = raw.get("mark_locations", True)
    if not isinstance(mark, bool):
        fail("map.mark_locations", f"'map.mark_locations' must be true or false, not {mark!r}",
             "write true or false without quotes")
        mark = True
    return MapSettings(boundaries=path("boundaries"), boundaries_key=text("boundaries"), outlines=path("outlines"),
                       pcode_field=text("pcode_field"), measure=measure,
                       attribution=text("attribution"), max_size_mb=float(size), mark_locations=mark)


__all__ = ["MEASURES", "MapSettings", "Measure", "parse_map"]
