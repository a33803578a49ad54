"""``sitrep serve``: the live preview, through real HTTP on 127.0.0.1 (a free port per test), on a
copy of the example workspace; the edits are real saves (openpyxl, a rewritten report.toml) seen
by the real file watcher. As in tests/test_html_browser.py, Debian's headless chromium opens the
served page, and stays on one while a workbook is saved, to see it reload.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitrep.preview import Preview

from .conftest import EXAMPLE
from .test_cli_startup import PROBE

LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
NAMES = {"en": "English", "fr": "Français", "es": "Español", "ar": "العربية", "ru": "Русский", "zh": "中文"}


def _workspace(tmp: Path) -> Path:
    ws = tmp / "ws"
    shutil.copytree(EXAMPLE, ws, ignore=shutil.ignore_patterns("dist", "history.sqlite*"))
    return ws


def _files(ws: Path) -> dict[str, int]:
    return {p.relative_to(ws).as_posix(): p.stat().st_size for p in ws.rglob("*") if p.is_file()}


class _Running:
    def __init__(self, ws: Path) -> None:
        self.ws = ws
        self.lines: list[str] = []
        self.preview = Preview(ws, port=0, say=self.lines.append, quiet_ms=50, poll_seconds=8)
        self.port = self.preview.server.port

    def request(self, path: str, *, method: str = "GET", host: str | None = None, timeout: float = 15,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            if host != "":
                conn.putheader("Host", host or f"127.0.0.1:{self.port}")
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            conn.endheaders()
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()

    def page(self, lang: str) -> str:
        status, _, body = self.request(f"/{lang}/")
        assert status == 200
        return body.decode("utf-8")

    def said(self, text: str, timeout: float = 10) -> bool:
        """Whether a console line holding ``text`` came within ``timeout`` seconds (it follows the page)."""
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def wait_for(self, lang: str, text: str, timeout: float = 15) -> str:
        deadline = time.monotonic() + timeout
        while True:
            page = self.page(lang)
            if text in page or time.monotonic() > deadline:
                return page
            time.sleep(0.1)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Running]:
    """One preview of an unchanged copy of the example, for the tests that only read."""
    running = _Running(_workspace(tmp_path_factory.mktemp("preview")))
    running.preview.start()
    yield running
    running.preview.close()


@pytest.fixture
def edited(tmp_path: Path) -> Iterator[_Running]:
    """A preview of its own copy, for the tests that change the inputs."""
    running = _Running(_workspace(tmp_path))
    running.preview.start()
    yield running
    running.preview.close()


def _root(page: str) -> str:
    found = re.search(r"<html[^>]*>", page)
    assert found, page[:200]
    return found[0]


def test_the_page_has_the_key_figures_the_findings_and_a_language_switcher(served: _Running) -> None:
    status, headers, _ = served.request("/")
    assert status == 302 and headers["location"] == "/en/"
    status, headers, body = served.request("/en/")
    page = body.decode("utf-8")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert 'dir="ltr"' in _root(page)
    for figure in ("27", "98", "36,050", "civilians killed", "Escalation in North-West Syria"):
        assert figure in page
    # the findings as the command line prints them: file › Sheet!cell, code, message
    assert "local-councils.xlsx › Casualties!3" in page and "W-conflict" in page
    assert "report.toml › map.boundaries" in page and "0 errors, 2 warnings" in page
    for lang in LANGUAGES:  # each language in its own name, with its lang attribute
        link = re.search(rf'<a href="/{lang}/"[^>]*>([^<]*)</a>', page)
        assert link, lang
        assert f'lang="{lang}"' in link[0] and link[1] == NAMES[lang]
    assert 'aria-current="page">English<' in page
    # the only script is the one the policy's hash allows, and the policy allows no outside request
    csp = headers["content-security-policy"]
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp and "default-src 'none'" in csp and "http" not in csp
    assert headers["cache-control"] == "no-store" and headers["x-content-type-options"] == "nosniff"


def test_the_served_report_is_the_built_one_byte_for_byte(served: _Running, tmp_path: Path) -> None:
    """The preview adds its bar, style and script, and nothing else differs from `build --format html`."""
    from sitrep.pipeline import build, prepare
    from sitrep.preview.page import SCRIPT, STYLE

    built = build(prepare(served.ws), languages=["en", "ar"], formats=["html"], out_dir=tmp_path)
    pages = [o for o in built.outputs if o.format == "html"]
    assert [o.language for o in pages] == ["en", "ar"]
    for output in pages:
        page = served.page(output.language)
        bar = re.search(r'\n<div id="sitrep-preview".*?</div>', page, re.S)
        assert bar, output.language
        page = page.replace(bar[0], "").replace(f"<style>\n{STYLE}\n</style>\n", "")
        page = page.replace(f"<script>{SCRIPT}</script>\n", "")
        assert page.encode("utf-8") == output.path.read_bytes(), output.language


def test_the_arabic_page_is_right_to_left_and_the_bar_says_it_is_english(served: _Running) -> None:
    page = served.page("ar")
    assert 'dir="rtl"' in _root(page) and 'lang="ar' in _root(page)
    assert "التصعيد في شمال غرب سوريا" in page and "36,050" in page
    assert re.search(r'<div id="sitrep-preview" lang="en" dir="ltr"', page)
    assert 'aria-current="page">العربية<' in page


def test_a_host_that_is_not_the_preview_is_refused(served: _Running) -> None:
    """DNS rebinding: a site whose name resolves to 127.0.0.1 sends its own name as Host."""
    for host in ("evil.example", f"evil.example:{served.port}", f"127.0.0.1:{served.port + 1}", "127.0.0.1", ""):
        status, _, body = served.request("/en/", host=host)
        assert status == 403, host
        assert b"36,050" not in body
    status, _, _ = served.request("/en/", host=f"localhost:{served.port}")
    assert status == 200
    for origin, expected in (("http://evil.example", 403), ("null", 403), (f"http://127.0.0.1:{served.port}", 200)):
        status, _, _ = served.request("/_sitrep/version?since=", headers={"Origin": origin})
        assert status == expected, origin


@pytest.mark.parametrize("path", ["/../etc/passwd", "/en/../../etc/passwd", "/http://x", "//evil.example/en/",
                                  "http://evil.example/en/", "/de/", "/favicon.ico", "/en/index.html",
                                  "/report.toml", "/inputs/health-cluster.xlsx", "/%2e%2e/etc/passwd"])
def test_paths_outside_the_preview_are_404(served: _Running, path: str) -> None:
    status, _, body = served.request(path)
    assert status == 404, path
    assert b"root:" not in body and b"[report]" not in body


def test_only_get_and_head_are_answered(served: _Running) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        status, headers, _ = served.request("/en/", method=method)
        assert status == 405 and headers["allow"] == "GET, HEAD", method
    status, headers, body = served.request("/en/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 20000


def test_an_edited_workbook_reloads_the_page_with_the_new_figure(edited: _Running) -> None:
    from openpyxl import load_workbook

    before = _files(edited.ws)
    status, _, version = edited.request("/_sitrep/version?since=")  # answers at once: it differs from ""
    assert status == 200 and "27" in edited.page("en")
    book = edited.ws / "inputs" / "health-cluster.xlsx"
    wb = load_workbook(book)
    assert wb["Casualties"]["F3"].value == 4
    wb["Casualties"]["F3"] = 104  # 27 killed -> 127
    wb.save(book)
    started = time.monotonic()
    _, _, newer = edited.request(f"/_sitrep/version?since={version.decode()}")  # the page's long poll
    assert newer != version and time.monotonic() - started < 8
    page = edited.wait_for("en", ">127<")
    assert ">127<" in page, "the new figure did not reach the page"
    assert edited.said("inputs/health-cluster.xlsx changed: rebuilt"), edited.lines
    assert _files(edited.ws).keys() == before.keys()  # nothing written: no dist/, no history


def test_outputs_lock_files_and_the_history_do_not_rebuild(edited: _Running) -> None:
    """``sitrep build`` writing dist/ while the preview runs, Excel's lock file, the history: no
    rebuild; report.toml saved again: a rebuild."""
    _, _, version = edited.request("/_sitrep/version?since=")  # answers at once: it differs from ""
    built = len(edited.lines)
    (edited.ws / "dist").mkdir()
    (edited.ws / "dist" / "report_en.html").write_text("x", encoding="utf-8")
    (edited.ws / "inputs" / "~$health-cluster.xlsx").write_bytes(b"lock")
    (edited.ws / "history.sqlite-journal").write_bytes(b"")
    time.sleep(1.0)  # twenty times the quiet time that ends a burst
    assert edited.request("/_sitrep/version?since=")[2] == version and len(edited.lines) == built
    (edited.ws / "report.toml").write_bytes((edited.ws / "report.toml").read_bytes())
    _, _, newer = edited.request(f"/_sitrep/version?since={version.decode()}")
    assert newer != version and edited.said("report.toml changed: rebuilt")


def test_a_broken_input_shows_its_findings_and_the_fixed_one_the_report(edited: _Running) -> None:
    toml = edited.ws / "report.toml"
    good = toml.read_text(encoding="utf-8")
    toml.write_text(good.replace('number = 1\n', 'number = = 1\n'), encoding="utf-8")
    page = edited.wait_for("en", "E-config-syntax")
    assert "E-config-syntax" in page and "report.toml" in page and "Not built" in page
    assert "Traceback" not in page and "36,050" not in page
    assert re.search(r"report\.toml[^<]*</bdi>", page), "the finding names its position"
    for lang in LANGUAGES:  # the switcher stays, with the last known languages
        assert f'href="/{lang}/"' in page
    assert edited.said("report.toml changed: not built"), edited.lines
    toml.write_text(good, encoding="utf-8")
    assert "36,050" in edited.wait_for("en", "36,050")

    book = edited.ws / "inputs" / "cccm-displacement.xlsx"
    book.write_bytes(b"PK\x03\x04 not a workbook")  # an unreadable workbook (a broken download)
    page = edited.wait_for("en", "cccm-displacement.xlsx")
    assert "cccm-displacement.xlsx" in page and "Not built" in page and "Traceback" not in page
    shutil.copy(EXAMPLE / "inputs" / "cccm-displacement.xlsx", book)
    assert "36,050" in edited.wait_for("en", "36,050")
    assert not (edited.ws / "dist").exists() and not list(edited.ws.glob("history.sqlite*"))


def test_an_unexpected_error_in_rendering_is_a_page_not_a_traceback(edited: _Running,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A fault injected into the HTML renderer (a bug the preview cannot foresee): the page says
    what happened in one line, the server keeps running, and the next save builds again."""
    import sitrep.render.html

    def broken(doc: object) -> bytes:
        raise ZeroDivisionError("injected")

    monkeypatch.setattr(sitrep.render.html, "render_html", broken)
    toml = edited.ws / "report.toml"
    toml.write_bytes(toml.read_bytes())
    page = edited.wait_for("en", "ZeroDivisionError")
    assert "unexpected error: ZeroDivisionError: injected" in page and "Not built" in page
    assert "Traceback" not in page and edited.said("not built, unexpected error (ZeroDivisionError: injected)")
    monkeypatch.undo()
    toml.write_bytes(toml.read_bytes())
    assert "36,050" in edited.wait_for("en", "36,050")


def test_help_loads_neither_the_preview_nor_its_libraries() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True,
                          env={"COLUMNS": "80", "PATH": ""})
    assert "serve" in done.stdout
    modules = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert not {"watchfiles", "http.server", "sitrep.preview"} & modules


def _sitrep(*args: str) -> subprocess.Popen[str]:
    """``sitrep`` in a process that Ctrl-C reaches as it does a command typed at a terminal: a
    test run started in the background (``… &``, nohup) has SIGINT ignored, the child would inherit
    that, and Python then never turns Ctrl-C into KeyboardInterrupt."""
    exe = Path(sys.executable).with_name("sitrep")
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.Popen([str(exe), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def test_the_command_prints_the_address_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    proc = _sitrep("serve", str(ws), "--port", "0")
    assert proc.stderr is not None
    try:
        lines = []
        while not any("Preview at" in line for line in lines):
            line = proc.stderr.readline()
            assert line, "".join(lines)
            lines.append(line)
        url = re.search(r"http://127\.0\.0\.1:(\d+)/", lines[-1])
        assert url, lines
        conn = http.client.HTTPConnection("127.0.0.1", int(url[1]), timeout=10)
        conn.request("GET", "/zh/")
        response = conn.getresponse()
        assert response.status == 200 and "叙利亚西北部局势升级" in response.read().decode()
        conn.close()
        assert any("rebuilt en, fr, es, ar, ru, zh" in line for line in lines), lines
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:  # (no server left running after a failed test)
            proc.kill()
            proc.communicate()
            raise
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "Preview stopped." in err
    assert not (ws / "dist").exists()


def test_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _sitrep("serve", str(ws), "--port", str(port))
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2, err
    assert f"Port {port} is already in use" in err and "--port" in err and "Traceback" not in err


def test_chromium_shows_the_served_page_and_runs_its_reload_script(served: _Running, tmp_path: Path) -> None:
    chromium = shutil.which("chromium")
    assert chromium, "chromium is not installed: ./dev.sh test installs it (apt-get install chromium)"
    polls = len(served.preview.server.polls)
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    done = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                           "--disable-extensions", f"--user-data-dir={tmp_path / 'profile'}",
                           "--dump-dom", f"http://127.0.0.1:{served.port}/ar/"],
                          capture_output=True, text=True, timeout=60, env=env, check=True)
    dom = done.stdout
    assert 'dir="rtl"' in _root(dom)
    for text in ("27", "98", "36,050", "القتلى من المدنيين", "W-conflict", "English"):
        assert text in dom, text
    # the script ran (the policy let it) and asked the server for the next version
    deadline = time.monotonic() + 5
    while len(served.preview.server.polls) == polls and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(served.preview.server.polls) > polls


def test_the_open_page_reloads_itself_in_chromium_after_a_save(edited: _Running, tmp_path: Path) -> None:
    """A browser left open on the preview: after the workbook is saved, the page reloads, and its
    script then waits from the new version (the server sees which version each wait comes from)."""
    from openpyxl import load_workbook

    chromium = shutil.which("chromium")
    assert chromium, "chromium is not installed: ./dev.sh test installs it (apt-get install chromium)"
    server, first = edited.preview.server, edited.preview.rebuilds.current.version
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    browser = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                "--disable-extensions", f"--user-data-dir={tmp_path / 'profile'}",
                                f"http://127.0.0.1:{edited.port}/en/"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 30
        while first not in server.polls:  # the page is open and waiting
            assert browser.poll() is None and time.monotonic() < deadline, "the page never asked for a new version"
            time.sleep(0.05)
        book = edited.ws / "inputs" / "health-cluster.xlsx"
        wb = load_workbook(book)
        wb["Casualties"]["F3"] = 104
        wb.save(book)
        deadline = time.monotonic() + 20
        while True:
            current = edited.preview.rebuilds.current
            if current.version != first and current.built and current.version in server.polls:
                break
            assert time.monotonic() < deadline, f"no reload: {list(server.polls)}, now {current.version}"
            time.sleep(0.05)
        assert ">127<" in current.pages["en"].decode("utf-8")
    finally:
        browser.terminate()
        browser.wait(timeout=10)
