"""The preview's pages: the report's own HTML with a bar on top, or a findings page.

The bar is added to the bytes :func:`sitrep.render.html.render_html` made (the renderer knows
nothing of the preview): the findings as the command line prints them (file › Sheet!cell, code,
message, hint), the languages of the report each named in its own language, and a small script
that asks the server for the next version and reloads the page when it comes. The bar is in
English, like every finding, and says so (``lang="en" dir="ltr"``) on an Arabic or Chinese page;
it is hidden when the page is printed.

The script is one constant text, allowed by the Content-Security-Policy through its SHA-256 hash:
the policy forbids every other script and every request outside the preview (the report's page
needs none: its style sheet is inline, its pictures inline SVG or ``data:``).
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from html import escape

from sitrep.errors import Finding, Severity
from sitrep.preview.state import Snapshot

__all__ = ["CSP", "VERSION_PATH", "findings_page", "language_name", "preview_page"]

VERSION_PATH = "/_sitrep/version"
"""Answers the current version once it differs from ``?since=`` (a long poll)."""

SCRIPT = (
    "(function(){var b=document.getElementById('sitrep-preview');if(!b||!window.fetch)return;"
    "var v=b.getAttribute('data-version'),busy=false;"
    "function poll(){if(busy||document.hidden)return;busy=true;"
    "fetch('" + VERSION_PATH + "?since='+encodeURIComponent(v),{cache:'no-store'})"
    ".then(function(r){if(!r.ok)throw r.status;return r.text();})"
    ".then(function(t){busy=false;if(t.trim()!==v){location.reload();}else{poll();}})"
    ".catch(function(){busy=false;setTimeout(poll,2000);});}"
    "document.addEventListener('visibilitychange',poll);poll();})();"
)
"""Waits for a new version (the server holds each request until there is one, or 25 s) and
reloads; when the server is gone (stopped, restarting) it tries again every 2 seconds. Only a
tab in view waits: a browser opens at most six connections to one server, and six open
languages in background tabs would otherwise hold them all (a tab brought back into view asks
at once, and reloads if the report changed meanwhile)."""

_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
CSP = ("default-src 'none'; "
       f"script-src 'sha256-{_HASH}'; "
       # the report's style sheet and its style attributes (bar widths, column widths) are inline
       "style-src 'unsafe-inline'; "
       "img-src data:; font-src data:; "
       "connect-src 'self'; "  # the reload script's requests, to this server only
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
"""No request leaves the preview: nothing from another server, no frame, no form."""

STYLE = """
#sitrep-preview{font:14px/1.4 system-ui,Arial,sans-serif;color:#1a1a1a;background:#f4f4f4;
border-block-end:2px solid #999;padding:8px 12px;margin:0 0 12px}
#sitrep-preview p{margin:0}
#sitrep-preview nav{float:right;display:flex;flex-wrap:wrap;gap:4px 12px;margin-inline-start:16px}
#sitrep-preview nav a{color:#0b5394}
#sitrep-preview nav a[aria-current]{font-weight:700;color:#1a1a1a;text-decoration:none}
#sitrep-preview .stopped{color:#b00020;font-weight:700}
#sitrep-preview ul{margin:6px 0 0;padding:0 0 0 1.2em}
#sitrep-preview li{margin:2px 0}
#sitrep-preview .where{font-family:ui-monospace,Consolas,monospace;font-size:13px}
#sitrep-preview .code{font-family:ui-monospace,Consolas,monospace;font-size:13px;padding:0 4px}
#sitrep-preview .error .code{color:#b00020;font-weight:700}
#sitrep-preview .warning .code{color:#8a5a00}
#sitrep-preview .hint{color:#555}
#sitrep-preview summary{cursor:pointer}
@media print{#sitrep-preview{display:none}}
""".strip()

@cache
def language_name(language: str) -> str:
    """The language's name in itself, as Babel (CLDR) has it, capitalised as a menu shows it:
    English, Français, Español, العربية, Русский, 中文."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(language).get_display_name(language) or language
    except (ValueError, UnknownLocaleError):
        return language
    return name[:1].upper() + name[1:]


def _direction(language: str) -> str:
    from sitrep.i18n.localizer import RTL_LANGUAGES

    return "rtl" if language in RTL_LANGUAGES else "ltr"


def _finding(f: Finding) -> str:
    """One finding, as ``sitrep validate`` prints it: position, code, message, hint."""
    where = f'<bdi class="where">{escape(str(f.position))}</bdi> ' if f.position else ""
    hint = f' <span class="hint">({escape(f.hint)})</span>' if f.hint else ""
    return (f'<li class="{f.severity}">{where}<span class="code">{escape(f.code)}</span> '
            f"<bdi>{escape(f.message)}</bdi>{hint}</li>")


def _counts(snap: Snapshot) -> str:
    e, w = snap.count(Severity.ERROR), snap.count(Severity.WARNING)
    return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"


def bar(snap: Snapshot, language: str | None) -> str:
    """The preview's bar: language switcher, state of the last rebuild, and its findings."""
    links = []
    for lang in snap.languages:
        current = ' aria-current="page"' if lang == language else ""
        links.append(f'<a href="/{escape(lang)}/" hreflang="{escape(lang)}" lang="{escape(lang)}" '
                     f'dir="{_direction(lang)}"{current}>{escape(language_name(lang))}</a>')
    nav = f'<nav aria-label="Languages">{"".join(links)}</nav>' if links else ""
    shown = [f for f in snap.findings if f.severity is not Severity.INFO]
    if snap.built:
        state = (f"<p><strong>Preview</strong> — a draft in memory, nothing written or issued. Rebuilt at "
                 f"{escape(snap.finished)} in {snap.seconds:.1f} s: {_counts(snap)}.</p>")
    else:
        state = (f'<p><strong class="stopped">Not built</strong> at {escape(snap.finished)}: {_counts(snap)}. '
                 "Fix what is listed below and save; this page reloads by itself.</p>")
    if snap.problem:
        state += (f'<p class="stopped">sitrep stopped on an unexpected error: {escape(snap.problem)}. '
                  "Please report it with the inputs that caused it.</p>")
    items = "\n".join(_finding(f) for f in shown)
    listing = f"<ul>\n{items}\n</ul>" if items else ""
    if listing and snap.built and len(shown) > 5:  # warnings only: folded, the report stays in view
        listing = f"<details><summary>{len(shown)} findings</summary>\n{listing}\n</details>"
    return (f'<div id="sitrep-preview" lang="en" dir="ltr" data-version="{escape(snap.version)}" role="status">'
            f"{nav}{state}{listing}</div>")


_BODY = re.compile(rb"<body[^>]*>")


def preview_page(report: bytes, snap: Snapshot, language: str) -> bytes:
    """The report's page with the bar at the top of its body and the reload script at its end."""
    head = f"<style>\n{STYLE}\n</style>\n".encode()
    top = bar(snap, language).encode("utf-8")
    end = f"<script>{SCRIPT}</script>\n".encode()
    body = _BODY.search(report)
    closing = report.rfind(b"</body>")
    head_end = report.find(b"</head>")
    if body is None or closing < body.end() or head_end < 0:  # not the renderer's page shape: keep it whole
        return findings_page(snap, language)
    return (report[:head_end] + head + report[head_end:body.end()] + b"\n" + top
            + report[body.end():closing] + end + report[closing:])


def findings_page(snap: Snapshot, language: str | None) -> bytes:
    """The page shown when the report could not be built: the bar alone, with every finding."""
    title = f"Not built — {snap.title}" if snap.title else "Not built — sitrep preview"
    page = ["<!DOCTYPE html>", '<html lang="en" dir="ltr">', "<head>", '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>", f"<style>\n{STYLE}\n</style>", "</head>", "<body>",
            bar(snap, language), f"<script>{SCRIPT}</script>", "</body>", "</html>", ""]
    return "\n".join(page).encode("utf-8")
