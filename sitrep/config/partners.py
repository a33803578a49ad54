"""``[partners]`` in report.toml: each partner organisation's contact for its annotated copies."""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.config.reader import Reader


@dataclass(frozen=True, slots=True, kw_only=True)
class Partner:
    """A partner organisation's contact for the annotated copies of its files (``[partners]``)."""

    contact: str = ""
    """E-mail address the draft is addressed to."""
    language: str = ""
    """Language of the draft e-mail, and of the copy when its sheets' language cannot be told."""


def read_partners(r: Reader, languages: tuple[str, ...]) -> dict[str, Partner]:
    """The ``[partners]`` table: organisation -> contact and language (``languages``: those supported)."""
    raw = r.get("partners")
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        r.fail("partners", "'partners' must be a table", 'write [partners."Organisation"] with contact and language')
        return {}
    partners = {}
    for org, item in raw.items():
        key = f"partners.{org}"
        if not isinstance(item, dict):
            r.fail(key, f"'{key}' must be a table", f'write [partners."{org}"] with contact = "name@example.org"')
            continue
        contact = str(item.get("contact", "")).strip()
        if contact and ("@" not in contact or any(c.isspace() or ord(c) < 32 for c in contact)):
            r.fail(f"{key}.contact", f"'{contact}' is not an e-mail address", "write it like name@example.org")
        language = str(item.get("language", "")).strip()
        if language and language not in languages:
            r.fail(f"{key}.language", f"language '{language}' is not supported",
                   f"supported: {', '.join(languages)}")
        partners[str(org)] = Partner(contact=contact, language=language)
    return partners
