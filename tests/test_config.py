"""report.toml is read against one declared schema: no key, however misspelt, is ignored."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.config import parse_config, scaffold_text
from sitrep.config.schema import SCHEMA, Table, unknown_keys

from .conftest import EXAMPLE

SCAFFOLD = tomllib.loads(scaffold_text(__import__("datetime").date(2024, 11, 29)))


def _keys(findings: object) -> dict[str, str]:
    return {f.position.key: f"{f.message} ({f.hint})" for f in findings if f.code == "E-config"}  # type: ignore[attr-defined]


def test_the_scaffold_and_the_example_use_only_declared_keys() -> None:
    assert unknown_keys(SCAFFOLD) == []
    assert unknown_keys(tomllib.loads((EXAMPLE / "report.toml").read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(("table", "wrong", "right"), [
    ("report", "langauges", "languages"), ("merge", "polcy", "policy"), ("output", "dri", "dir"),
    ("period", "strat", "start"), ("intake", "gazeteer", "gazetteer"), ("funding", "recieved", "received"),
])
def test_a_misspelt_key_inside_a_table_is_an_error_with_the_right_key(table: str, wrong: str, right: str) -> None:
    data = {k: dict(v) if isinstance(v, dict) else v for k, v in SCAFFOLD.items()}
    data.setdefault(table, {})[wrong] = data.get(table, {}).get(right, 1)
    config, findings = parse_config(data, Path("/nowhere"))
    keys = _keys(findings)
    assert config is None
    assert f"{table}.{wrong}" in keys and f"did you mean '{right}'" in keys[f"{table}.{wrong}"]


def test_keys_of_arrays_of_tables_and_open_tables_are_checked() -> None:
    data = dict(SCAFFOLD, contacts=[{"name": "A"}, {"name": "B", "emial": "b@example.org"}],
                email={"to": ["a@example.org"], "en": {"to": ["b@example.org"], "bcc": ["c@example.org"]}})
    found = {key for key, _, _ in unknown_keys(data)}
    assert found == {"contacts[2].emial", "email.en.bcc"}
    assert unknown_keys(dict(SCAFFOLD, typo_table={"x": 1}))[0][0] == "typo_table"


def _declared(table: Table) -> st.SearchStrategy[dict[str, object]]:
    keys = list(table.keys)
    return st.dictionaries(st.sampled_from(keys), st.just("x"), max_size=len(keys)) if keys else st.just({})


@given(_declared(SCHEMA.keys["report"]),  # type: ignore[arg-type]
       st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=12))
def test_exactly_the_undeclared_keys_are_reported(report: dict[str, object], extra: str) -> None:
    declared = SCHEMA.keys["report"]
    assert isinstance(declared, Table)
    data = {"report": dict(report, **{extra: 1})}
    found = [key for key, _, _ in unknown_keys(data)]
    assert found == ([] if extra in declared.keys else [f"report.{extra}"])
