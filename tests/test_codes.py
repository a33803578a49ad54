"""Finding codes are declared once (sitrep/codes.py); the README table and the JSON schema follow."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from sitrep.codes import CODES, Code, json_schema, markdown_table
from sitrep.errors import Severity

from .conftest import EXAMPLE

ROOT = Path(__file__).resolve().parents[1]
CODE_STRING = re.compile(r"""["']([EWI]-[a-z0-9]+(?:-[a-z0-9]+)*)["']""")


def _package_sources() -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in sorted((ROOT / "sitrep").rglob("*.py"))}


def test_each_code_is_written_once_as_a_string_in_the_package() -> None:
    seen: dict[str, list[str]] = {}
    for path, text in _package_sources().items():
        for code in CODE_STRING.findall(text):
            seen.setdefault(code, []).append(path.relative_to(ROOT).as_posix())
    assert {code: places for code, places in seen.items() if places != ["sitrep/codes.py"]} == {}
    assert set(seen) == set(CODES)


def test_every_declared_code_is_used_somewhere() -> None:
    names = {name for name, value in vars(__import__("sitrep.codes").codes).items() if isinstance(value, Code)}
    text = "\n".join(t for p, t in _package_sources().items() if p.name != "codes.py")
    unused = sorted(n for n in names if not re.search(rf"\b{n}\b", text))
    assert unused == []


@pytest.mark.parametrize("code", list(CODES.values()), ids=list(CODES))
def test_code_declarations_are_well_formed(code: Code) -> None:
    assert re.fullmatch(r"[EWI]-[a-z0-9]+(-[a-z0-9]+)*", code.code)
    assert code.severity is {"E": Severity.ERROR, "W": Severity.WARNING, "I": Severity.INFO}[code.code[0]]
    assert code.title and code.action and "|" not in code.title + code.action
    finding = code("message")
    assert (finding.code, finding.severity) == (code.code, code.severity)


def test_readme_table_is_the_generated_one() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- codes:begin -->\n", 1)[1].split("<!-- codes:end -->", 1)[0]
    assert block == markdown_table(), "regenerate with: python -m sitrep.codes markdown"


def test_committed_schema_is_the_generated_one() -> None:
    committed = json.loads((ROOT / "schemas" / "finding.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "regenerate with: python -m sitrep.codes schema > schemas/finding.schema.json"
    proc = subprocess.run([sys.executable, "-m", "sitrep.codes", "schema"], capture_output=True, text=True,
                          check=True)
    assert json.loads(proc.stdout) == committed


def test_validate_json_output_follows_the_schema(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sitrep.cli import app

    result = CliRunner().invoke(app, ["validate", str(EXAMPLE), "--json"])
    payload = json.loads(result.stdout)
    assert payload["findings"], "the example has findings (a conflict, a duplicate, estimates)"
    validator = jsonschema.Draft202012Validator(json_schema())
    for finding in payload["findings"]:
        validator.validate(finding)
    bad = dict(payload["findings"][0], code="E-no-such-code")
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(bad)
