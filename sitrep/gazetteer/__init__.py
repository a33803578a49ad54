"""A country's admin areas: reading OCHA's published lists (:mod:`.codab`), matching what
partners type (:mod:`.areas`) and the names of the admin levels (:mod:`.levels`)."""

from sitrep.gazetteer.areas import FUZZY_ACCEPT, Area, Gazetteer, Match, MatchHow, name_key, skeleton
from sitrep.gazetteer.codab import gazetteer_csv, read_gazetteer
from sitrep.gazetteer.levels import AdminLevels, country_levels

__all__ = ["FUZZY_ACCEPT", "AdminLevels", "Area", "Gazetteer", "Match", "MatchHow", "country_levels",
           "gazetteer_csv", "name_key", "read_gazetteer", "skeleton"]
