"""Localisation service (a leaf): Babel number/date/country formatting and message catalogs.

Renderers and the compose step call it; it never imports any other sitrep stage.
"""

from sitrep.i18n.localizer import N_, Localizer

__all__ = ["Localizer", "N_"]
