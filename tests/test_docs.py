"""The README and the example stay true (the finding-code table: tests/test_codes.py)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _example_script() -> dict:  # type: ignore[type-arg]
    import runpy

    return runpy.run_path(str(ROOT / "examples" / "nw-syria-2024" / "make_inputs.py"), run_name="example")


def test_example_inputs_are_reproducible(tmp_path: Path) -> None:
    """make_inputs.py regenerates exactly the committed example workbooks."""
    _example_script()["write_all"](tmp_path)
    committed = sorted((ROOT / "examples" / "nw-syria-2024" / "inputs").iterdir())
    assert committed
    for path in committed:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_example_figures_match_an_independent_count() -> None:
    """The script's own small re-count of the example agrees with the pipeline's merge."""
    from sitrep.pipeline import prepare

    from .conftest import EXAMPLE, TODAY

    expected = _example_script()["expected_totals"]()
    figures = prepare(EXAMPLE, today=TODAY).report.figures
    assert {k: getattr(figures, k) for k in expected} == expected
    assert (figures.killed, figures.killed_children) == (27, 8)


def test_sector_labels_cover_the_intake_sectors() -> None:
    from sitrep.compose.labels import SECTOR_LABELS
    from sitrep.intake.schema import SECTORS

    assert set(SECTOR_LABELS) == set(SECTORS)
