"""The gazetteer package: OCHA's published shapes read alike (COD-AB sheets, older COD-AB columns,
HXL lists, the global P-code list), written back without loss, and matching that says how sure
it is (exact, alternative name, spelling variant, close name, or refused with 'did you mean')."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.errors import ConfigError
from sitrep.gazetteer import AdminLevels, Gazetteer, gazetteer_csv, read_gazetteer

from .conftest import ROOT
from .test_country import LOCALITIES, STATES, sudan_codab

SHARED_PCODES = ROOT.parent / "shared" / "data" / "cod-ab-syr" / "syr_pcodes_ocha_2020.csv"


def write_csv(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.fixture(scope="module")
def sudan(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return read_gazetteer(sudan_codab(tmp_path_factory.mktemp("codab") / "sdn.xlsx"))


def snapshot(gaz: Gazetteer) -> dict[str, tuple[int, str | None, dict[str, str], tuple[str, ...]]]:
    return {a.pcode: (a.level, a.parent, a.names, a.aliases) for a in gaz.areas.values()}


def test_cod_ab_sheets_per_level_keep_every_language_and_level(sudan: Gazetteer) -> None:
    assert [len(sudan.level(lv)) for lv in sudan.levels()] == [len(STATES), len(LOCALITIES), 1]
    assert all(sudan.get(p).names == {"en": en, "ar": ar} for p, en, ar in STATES)  # type: ignore[union-attr]
    assert all(sudan.get(p).parent == parent for p, _, _, parent in LOCALITIES)  # type: ignore[union-attr]
    assert sudan.languages() == ["en", "ar"]


def test_the_workspace_csv_reads_back_as_the_same_areas(sudan: Gazetteer, tmp_path: Path) -> None:
    data = gazetteer_csv(sudan)
    assert data.splitlines()[0].decode() == ("ADM1_PCODE,ADM1_EN,ADM1_AR,ADM1ALT1EN,ADM2_PCODE,ADM2_EN,ADM2_AR,"
                                             "ADM3_PCODE,ADM3_EN,ADM3_AR")
    (tmp_path / "gazetteer.csv").write_bytes(data)
    assert snapshot(read_gazetteer(tmp_path / "gazetteer.csv")) == snapshot(sudan)
    assert gazetteer_csv(read_gazetteer(tmp_path / "gazetteer.csv")) == data  # byte-identical: deterministic


def test_older_cod_ab_columns_and_a_french_name(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "hti.csv", [
        ["admin0Name_fr", "admin1Name_fr", "admin1Name_en", "admin1Pcode", "admin2Name_fr", "admin2Pcode",
         "admin2RefName", "validOn"],
        ["Haïti", "Ouest", "West", "HT01", "Port-au-Prince", "HT0111", "Port-au-Prince", "2020-01-01"],
        ["Haïti", "Nord", "North", "HT03", "Cap-Haïtien", "HT0311", "Cap-Haitien", "2020-01-01"],
    ])
    gaz = read_gazetteer(path)
    assert gaz.get("HT01").names == {"fr": "Ouest", "en": "West"}  # type: ignore[union-attr]
    # a district with no English name is named by its French one in English too (never by a P-code)
    assert gaz.get("HT0311").names == {"fr": "Cap-Haïtien", "en": "HT0311"}  # type: ignore[union-attr]
    assert gaz.find("Cap-Haitien", 2).area is gaz.get("HT0311")


def test_hxl_list_attributes_in_any_order_and_bare_names(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "places.csv", [
        ["State", "State (Arabic)", "State code", "Locality", "Locality code"],
        ["#adm1", "#adm1 +i_ar +name", "#adm1+pcode", "#adm2+name", "#adm2 +code"],
        ["North Darfur", "شمال دارفور", "sd02", "Kutum", "SD02002"],
    ])
    gaz = read_gazetteer(path)
    assert gaz.get("SD02").names == {"en": "North Darfur", "ar": "شمال دارفور"}  # type: ignore[union-attr]
    assert gaz.get("SD02002").parent == "SD02"  # type: ignore[union-attr]


def test_global_pcode_list_keeps_the_countrys_rows(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "global_pcodes.csv", [
        ["Location", "Admin Level", "P-Code", "Name", "Parent P-Code", "Valid from date"],
        ["SDN", "1", "SD02", "North Darfur", "SDN", "2020-08-31"],
        ["SDN", "2", "SD02002", "Kutum", "SD02", "2020-08-31"],
        ["TCD", "1", "TD01", "Batha", "TCD", "2018-01-01"],
    ])
    gaz = read_gazetteer(path, "SDN")
    assert sorted(gaz.areas) == ["SD02", "SD02002"] and gaz.get("SD02002").parent == "SD02"  # type: ignore[union-attr]
    with pytest.raises(ConfigError, match="empty for NER"):
        read_gazetteer(path, "NER")


@pytest.mark.skipif(not SHARED_PCODES.is_file(), reason="the shared OCHA P-code list is not on this machine")
def test_ochas_published_pcode_list_for_syria_reads_whole() -> None:
    gaz = read_gazetteer(SHARED_PCODES, "SYR")
    assert (len(gaz.level(1)), len(gaz.level(2))) == (14, 62)
    assert gaz.get("SY0204").name == "A'zaz" and gaz.find("Azaz", 2).area is gaz.get("SY0204")  # type: ignore[union-attr]


def test_a_table_without_pcode_columns_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        read_gazetteer(write_csv(tmp_path / "x.csv", [["name", "code"], ["Khartoum", "SD01"]]))
    finding = caught.value.findings[0]
    assert finding.code == "E-gazetteer" and "ADM1_PCODE" in (finding.hint or "")


@pytest.mark.parametrize(("typed", "pcode", "how", "score"), [
    ("SD02", "SD02", "pcode", 1.0), ("north  DARFUR", "SD02", "name", 1.0), ("شمال دارفور", "SD02", "name", 1.0),
    ("Al Khartum", "SD01", "alias", 1.0), ("Nroth Darfur", "SD02", "spelling", 0.92),
    ("Nort Darfur", "SD02", "fuzzy", 0.96), ("South Kordofam", "SD07", "fuzzy", 0.93),
])
def test_how_a_place_matched(sudan: Gazetteer, typed: str, pcode: str, how: str, score: float) -> None:
    found = sudan.find(typed, 1)
    assert (found.area.pcode if found.area else None, found.how, found.score) == (pcode, how, score)


@pytest.mark.parametrize(("typed", "suggested"), [
    ("Nouth Kordofan", ["North Kordofan", "South Kordofan"]),  # as close to both: never guessed
    ("Darfur", ["North Darfur", "South Darfur", "West Darfur"]),  # below the threshold
    ("Khartoum city", ["Khartoum"]),  # words added: suggested, not read as the state
])
def test_a_name_not_clearly_one_area_is_refused_with_suggestions(sudan: Gazetteer, typed: str,
                                                                  suggested: list[str]) -> None:
    found = sudan.find(typed, 1)
    assert found.area is None and set(found.suggestions) == set(suggested)


def test_a_close_name_is_only_looked_for_under_its_parent(sudan: Gazetteer) -> None:
    assert sudan.find("Al Fasjer", 2, "SD02").area is sudan.get("SD02001")
    assert sudan.find("Al Fasjer", 2, "SD01").area is None


def test_level_names_translate_and_report_toml_wins() -> None:
    sudan = AdminLevels(names=("State", "Locality"))
    assert [sudan.name(1, lang) for lang in ("en", "fr", "es", "ar")] == ["State", "État", "Estado", "الولاية"]
    own = AdminLevels(names=("State", "Locality"), by_language={"fr": ("Wilaya", "Mahaliya")})
    assert (own.name(2, "fr"), own.name(2, "ar")) == ("Mahaliya", "المحلية")
    assert AdminLevels(names=("Canton", "Commune")).name(1, "ar") is None  # the caller asks the catalog
    assert AdminLevels().is_default and not sudan.is_default


def test_the_2024_cod_ab_schema_names_languages_in_lang_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "lka_admin2.csv", [
        ["adm2_name", "adm2_name1", "adm2_name2", "adm2_pcode", "adm1_name", "adm1_name1", "adm1_pcode",
         "adm0_name", "adm0_pcode", "lang", "lang1", "lang2", "valid_on"],
        ["Colombo", "කොළඹ", "கொழும்பு", "LK11", "Western", "බස්නාහිර", "LK1", "Sri Lanka", "LK", "en", "si", "ta",
         "2024-01-01"],
    ])
    gaz = read_gazetteer(path)
    assert gaz.get("LK11").names == {"en": "Colombo", "si": "කොළඹ", "ta": "கொழும்பு"}  # type: ignore[union-attr]
    assert gaz.get("LK1").names == {"en": "Western", "si": "බස්නාහිර"}  # type: ignore[union-attr]
    assert gaz.get("LK11").parent == "LK1" and gaz.find("கொழும்பு", 2).area is gaz.get("LK11")


Place = tuple[str, str, str, str | None, int]
PLACES: list[Place] = [(p, en, ar, None, 1) for p, en, ar in STATES] + [
    (p, en, ar, parent, 2) for p, en, ar, parent in LOCALITIES]


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(PLACES), st.sampled_from(["upper", "lower", "spaced", "accented"]), st.booleans())
def test_an_official_name_however_typed_is_that_area_by_name(sudan: Gazetteer, place: Place, style: str,
                                                              arabic: bool) -> None:
    pcode, en, ar, parent, level = place
    name = ar if arabic else en
    typed = {"upper": name.upper(), "lower": name.lower(), "spaced": f"  {' '.join(name.split())}  ".replace(" ", "  "),
             "accented": name.replace("a", "á").replace("u", "ü")}[style]
    found = sudan.find(typed, level, parent)
    assert (found.area.pcode if found.area else None, found.how) == (pcode, "name")


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PLACES), st.integers(min_value=0, max_value=40), st.sampled_from("xqzkbnr"),
       st.sampled_from(["replace", "delete", "insert", "swap"]), st.booleans())
def test_one_typing_slip_never_reads_as_another_area(sudan: Gazetteer, place: Place, at: int, letter: str, slip: str,
                                                     with_parent: bool) -> None:
    pcode, en, _, parent, level = place
    i = at % len(en)
    typed = {"replace": en[:i] + letter + en[i + 1:], "delete": en[:i] + en[i + 1:],
             "insert": en[:i] + letter + en[i:], "swap": en[:i] + en[i + 1:i + 2] + en[i:i + 1] + en[i + 2:]}[slip]
    found = sudan.find(typed, level, parent if with_parent else None)
    assert found.area is None or found.area.pcode == pcode, (typed, found)
