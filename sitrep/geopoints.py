"""Where partners' points fall among the map's areas: distances from each point to each area.

The map checks a location's coordinates against the district (or governorate) its row names;
this measures, with shapely (like :mod:`sitrep.boundaries`, the only other module that imports
it), how far each point lies outside each area.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from sitrep.boundaries import Shape

KM_PER_DEGREE = 111.32


def distances_km(shapes: Sequence[Shape], points: Sequence[tuple[float, float]]) -> dict[str, tuple[float, ...]]:
    """P-code -> the distance in km from each (longitude, latitude) point to that area (0 inside).

    Longitudes are shortened by the cosine of the areas' middle latitude (an equirectangular
    view, like the map's own): across one country the error stays within a few per cent, well
    inside the tolerance the map checks with.
    """
    import shapely
    from shapely.geometry import MultiPolygon
    from shapely.geometry import Polygon as ShapelyPolygon

    if not points or not shapes:
        return {}
    lats = [y for s in shapes for polygon in s.polygons for _, y in polygon[0]]
    k = math.cos(math.radians((min(lats) + max(lats)) / 2))

    def scaled(ring: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(x * k, y) for x, y in ring]

    geoms = [MultiPolygon([ShapelyPolygon(scaled(p[0]), [scaled(r) for r in p[1:]]) for p in s.polygons])
             for s in shapes]
    spots = shapely.points([(lon * k, lat) for lon, lat in points])
    out: dict[str, tuple[float, ...]] = {}
    for shape, geom in zip(shapes, geoms, strict=True):
        degrees = shapely.distance(geom, spots)
        out[shape.pcode] = tuple(round(float(d) * KM_PER_DEGREE, 3) for d in degrees)
    return out


__all__ = ["KM_PER_DEGREE", "distances_km"]
