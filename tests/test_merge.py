"""Merge policies and the promise that every row is accounted for."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.kinds import CASUALTIES
from sitrep.merge import Policy, merge_intake
from sitrep.pipeline import prepare
from sitrep.validate.records import CasualtyRecord, Origin, ValidatedIntake

from .conftest import CASUALTY_HEADER, TODAY

D = dt.date(2024, 11, 28)
HEADER = [*CASUALTY_HEADER, "Reported on"]


def conflict(make_workspace, policy: str):  # type: ignore[no-untyped-def]
    rows = [HEADER,
            [D, "Aleppo", "Afrin", 3, 1, 4, 0, "Beta", dt.date(2024, 11, 29)],
            [D, "Aleppo", "Afrin", 5, 1, 2, 0, "Alpha", dt.date(2024, 11, 28)]]
    ws = make_workspace({"a.xlsx": {"Casualties": rows}}, policy=policy)
    return prepare(ws, today=TODAY)


def test_priority_policy_keeps_the_trusted_source(make_workspace) -> None:
    prepared = conflict(make_workspace, "priority")
    assert prepared.report.figures.killed == 5
    assert [f.code for f in prepared.findings] == ["W-conflict"]


def test_a_conflict_says_which_row_won_and_why(make_workspace) -> None:
    (w,) = conflict(make_workspace, "priority").findings
    assert "the row at a.xlsx › Casualties!3 is used" in w.message
    assert "Alpha comes before Beta in [merge] priority" in w.message
    rows = [HEADER, [D, "Aleppo", "Afrin", 3, 1, 4, 0, "Alpha", None],
            [D, "Aleppo", "Afrin", 5, 1, 2, 0, "Alpha", None]]
    same = prepare(make_workspace({"a.xlsx": {"Casualties": rows}}, policy="priority"), today=TODAY)
    (w,) = same.findings  # two rows of the same partner: which one, and why
    assert "the row at a.xlsx › Casualties!3 is used" in w.message and "the larger figures are kept" in w.message
    (entry,) = [e for e in same.log.entries if e.status == "merged"]
    assert entry.origin.row == 2 and "the larger figures are kept" in entry.reason


def test_maximum_policy(make_workspace) -> None:
    assert conflict(make_workspace, "maximum").report.figures.killed == 5


def test_latest_policy(make_workspace) -> None:
    assert conflict(make_workspace, "latest").report.figures.killed == 3


def test_governorate_total_beyond_its_districts_is_shown_as_unspecified(make_workspace) -> None:
    ws = make_workspace({"a.xlsx": {"Casualties": [CASUALTY_HEADER,
                                                   [D, "Aleppo", "", 10, 2, 10, 0, "Alpha"],
                                                   [D, "Aleppo", "Afrin", 4, 1, 12, 0, "Beta"]]}})
    prepared = prepare(ws, today=TODAY)
    figures = prepared.report.figures
    assert (figures.killed, figures.killed_children, figures.injured) == (10, 2, 12)
    assert "W-level-overlap" in prepared.findings.codes()
    lines = {(r.adm2.pcode if r.adm2 else None, r.subtotal): r.values["killed"] for r in prepared.report.casualties}
    assert lines == {(None, True): 10, ("SY0203", False): 4, (None, False): 6}


records = st.lists(st.tuples(
    st.sampled_from(["SY0200", "SY0203", "SY0204", None]),
    st.integers(0, 2),
    st.sampled_from(["Alpha", "Beta", "Gamma"]),
    st.integers(0, 50), st.integers(0, 50)), max_size=30)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(records, st.sampled_from(["priority", "maximum", "latest"]))
def test_every_row_is_used_merged_or_rejected_once(rows, policy: str) -> None:  # type: ignore[no-untyped-def]
    intake = ValidatedIntake()
    for i, (adm2, day, org, killed, injured) in enumerate(rows, start=2):
        intake.records.of(CASUALTIES).append(CasualtyRecord(
            origin=Origin(file="f.xlsx", sheet="Casualties", row=i), date=D + dt.timedelta(days=day),
            adm1="SY02", adm2=adm2, org=org, killed=killed, injured=injured))
    merged, log, _ = merge_intake(intake, Policy(policy, ("Alpha", "Beta")))
    origins = [e.origin for e in log.entries]
    assert sorted(origins, key=lambda o: o.row) == [r.origin for r in intake.records.of(CASUALTIES)]
    # the report counts exactly what the log says it counts
    counted = sum(int(part.split("=")[1]) for e in log.entries if e.status == "used"
                  for part in e.counted.split("; ") if part.startswith("killed="))
    assert counted == sum(r.killed for r in merged.of(CASUALTIES))
    # under "maximum", a day's total never falls below any governorate-level report of that day
    if policy == "maximum":
        for day in {r.date for r in intake.records.of(CASUALTIES)}:
            total = sum(r.killed for r in merged.of(CASUALTIES) if r.date == day)
            gov_rows = [r.killed for r in intake.records.of(CASUALTIES) if r.date == day and r.adm2 is None]
            assert total >= max(gov_rows, default=0)


def test_site_rows_add_up_and_a_district_total_beside_them_is_not_counted_twice(make_workspace) -> None:
    header = ["Date", "Governorate", "District", "Site / community", "Newly displaced people", "Households",
              "Reporting organisation"]
    ws = make_workspace({"dtm.xlsx": {"Displacement": [
        header,
        [D, "Idleb", "Harim", "Sarmada reception centre", 1200, 240, "Alpha"],
        [D, "Idleb", "Harim", "Dana camp 4", 800, 160, "Alpha"],
        [D, "Idleb", "Harim", "", 2600, 520, "Beta"],  # the district total: 600 more than the sites
        [D, "Idleb", "Ariha", "Ariha town", 300, 60, "Alpha"],
    ]}})
    prepared = prepare(ws, today=TODAY)
    assert prepared.report.figures.displaced == 1200 + 800 + 600 + 300
    assert "W-conflict" not in prepared.findings.codes()  # different sites are not a conflict
    assert "W-level-overlap" in prepared.findings.codes()
    assert len(prepared.log.entries) == 4
