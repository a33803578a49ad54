"""The fixed wording a report is composed of, marked for the message catalogs (``N_``): report
types, sectors, location statuses, key-figure captions, area-table titles."""

from __future__ import annotations

from sitrep.i18n import N_

REPORT_TYPE_LABELS = {"flash-update": N_("Flash Update No. {number}"),
                      "situation-report": N_("Situation Report No. {number}")}
SECTOR_LABELS = {
    "CCCM": N_("CCCM"), "Early Recovery": N_("Early Recovery"), "Education": N_("Education"),
    "Food Security": N_("Food Security"), "Health": N_("Health"), "Logistics": N_("Logistics"),
    "Nutrition": N_("Nutrition"), "Protection": N_("Protection"), "Shelter/NFI": N_("Shelter/NFI"),
    "WASH": N_("WASH"), "Coordination": N_("Coordination"),
}
STATUS_LABELS = {
    "hostilities": N_("Active hostilities"),
    "airstrikes": N_("Airstrikes"),
    "shelling": N_("Shelling"),
    "access-constrained": N_("Access constrained"),
    "hosting-idps": N_("Hosting displaced people"),
    "services-disrupted": N_("Services disrupted"),
}
FIGURE_LABELS = {
    "killed": N_("civilians killed"),
    "injured": N_("civilians injured"),
    "displaced": N_("people newly displaced"),
    "households": N_("households displaced"),
    "locations_affected": N_("communities affected"),
    "districts_affected": N_("districts affected"),
    "reached": N_("people reached with assistance"),
    "partners": N_("organisations responding"),
}

AREA_TITLES = {
    "Casualties by governorate and district": N_("Casualties by area"),
    "Casualties by governorate": N_("Casualties by area"),
    "Displacement by governorate and district": N_("Displacement by area"),
    "Civilians killed and injured by governorate": N_("Civilians killed and injured by area"),
}
"""The shipped templates' titles that name Syria's levels -> the wording for a country whose
levels have other names (the table's first column names them)."""
