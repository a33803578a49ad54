"""Country codes and names from CLDR (through Babel)."""

from __future__ import annotations

from functools import cache


@cache
def country_alpha2(alpha3: str) -> str | None:
    """ISO 3166-1 alpha-3 to alpha-2 (``SYR`` -> ``SY``), or None when unknown."""
    from babel.core import get_global

    aliases = get_global("territory_aliases")
    target = aliases.get(alpha3.upper())
    if not target:
        return None
    code = target[0] if isinstance(target, (list, tuple)) else str(target)
    return code if len(code) == 2 and code.isalpha() else None
