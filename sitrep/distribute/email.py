"""The covering e-mail as an unsent draft (``.eml``): plain text, HTML and the PDF attached.

Outlook opens a message with ``X-Unsent: 1`` as a draft ready to send; Thunderbird and Apple
Mail open the file as a message to forward or "edit as new". Nothing here sends anything.

The bytes depend only on the inputs: the multipart boundaries and the Message-ID are derived
from a hash of everything the message holds, and the Date header is the one given (use
:func:`report_datetime` for the report's as-of date).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
from email.header import Header
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, formataddr
from typing import Any

from sitrep.compose.email_text import EmailParagraph, EmailText

MESSAGE_ID_DOMAIN = "sitrep.invalid"
"""A reserved domain (RFC 2606): the Message-ID can never clash with a real host's."""
ADDRESS_HEADERS = frozenset({"from", "to", "cc", "bcc", "reply-to", "sender"})


class _DraftPolicy(EmailPolicy):
    """``email.policy.SMTP``, except for headers holding non-ASCII text, which are encoded by
    ``email.header.Header`` (RFC 2047 encoded words with the spaces inside them).

    The default folder of Python 3.11 loses or adds spaces when it folds a long non-ASCII header:
    "… Siria — Actualización …" came back as "… Siria —Actualización …", and an Arabic display
    name with a space in the middle of a word.
    """

    def fold(self, name: str, value: Any) -> str:
        folded = _encoded(name, value, self.linesep)
        return folded if folded is not None else super().fold(name, value)

    def fold_binary(self, name: str, value: Any) -> bytes:
        folded = _encoded(name, value, self.linesep)
        return folded.encode("ascii") if folded is not None else super().fold_binary(name, value)


def _encoded(name: str, value: Any, linesep: str) -> str | None:
    """Subject and address headers with non-ASCII text, encoded; None for the others."""
    text = str(value)
    if text.isascii() or name.lower() not in ADDRESS_HEADERS | {"subject"}:
        return None
    if name.lower() == "subject":
        body = Header(text, "utf-8", header_name=name).encode(linesep=linesep)
    else:
        # One address per line, a display name in one encoded word: Python's parser puts a space
        # between two encoded words of a display name (RFC 2047 joins them).
        parts = []
        for address in value.addresses:
            display, spec = address.display_name, address.addr_spec
            if display and not display.isascii():
                parts.append(f"{Header(display, 'utf-8').encode(maxlinelen=0)} <{spec}>")
            else:
                parts.append(formataddr((display, spec)))
        body = ("," + linesep + " ").join(parts)
    return f"{name}: {body}{linesep}"


POLICY = _DraftPolicy(linesep="\r\n")
"""The policy the drafts are written with (CRLF line ends, as on the wire and in Outlook's files)."""


def report_datetime(as_of: dt.date) -> dt.datetime:
    """The Date of a report's e-mail: noon UTC on its as-of date, the same calendar day in every
    time zone from UTC−11 to UTC+11."""
    return dt.datetime.combine(as_of, dt.time(12, 0), tzinfo=dt.UTC)


def draft_eml(text: EmailText, *, attachment: bytes, filename: str, to: list[str], cc: list[str],
              sender: str, date: dt.datetime, mime: str = "application/pdf", markup: str | None = None) -> bytes:
    """The e-mail draft: headers From/To/Cc/Subject/Date, ``X-Unsent: 1``, a plain-text and an HTML
    part (right-to-left for Arabic), and ``attachment`` as ``mime`` (a PDF by default) named ``filename``
    (RFC 2231-encoded when it is not ASCII). Same inputs, same bytes.

    Addresses are written ``Name <user@example.org>`` or ``user@example.org`` (a display name holding
    a comma in double quotes). An empty ``sender`` leaves From out: Outlook then sends the draft
    from the account that opens it. Empty ``to``/``cc`` leave their header out.

    ``markup`` is the HTML part: a report's e-mail gets it from the HTML edition's renderer
    (:func:`sitrep.render.html_mail.mail_html`, passed in by :mod:`sitrep.assemble`, since this
    module sits beside the renderers, not above them); without it, :func:`html_body` lays out
    ``text`` alone (the partners' feedback e-mails).

    Raises:
        ValueError: an address or the file name holds a line break or another control character,
            or an address is not ASCII (internationalised addresses need SMTPUTF8, which a draft
            cannot count on).
    """
    for value in (sender, *to, *cc, filename):
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise ValueError(f"control character in {value!r}")
    if date.tzinfo is None:
        date = date.replace(tzinfo=dt.UTC)
    plain = plain_body(text)
    if markup is None:
        markup = html_body(text)
    digest = hashlib.sha256(json.dumps(
        [text.subject, sender, to, cc, filename, date.isoformat(), plain, markup], ensure_ascii=False).encode("utf-8")
        + hashlib.sha256(attachment).digest()).hexdigest()

    msg = EmailMessage(policy=POLICY)
    if sender:
        msg["From"] = sender
    if to:
        msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Subject"] = text.subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = f"<{digest[:32]}@{MESSAGE_ID_DOMAIN}>"
    msg["X-Unsent"] = "1"
    # Quoted-printable and base64 never contain "=_", so these boundaries cannot occur in a part.
    msg.set_content(plain, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(markup, subtype="html", charset="utf-8", cte="quoted-printable")
    maintype, subtype = mime.split("/")
    msg.add_attachment(attachment, maintype=maintype, subtype=subtype, filename=filename)
    msg.set_boundary(f"=_sitrep-mixed-{digest[:24]}")
    alternative = next(msg.iter_parts())
    assert isinstance(alternative, EmailMessage)
    alternative.set_boundary(f"=_sitrep-alt-{digest[:24]}")
    msg["Content-Language"] = text.language  # after the parts: converting to multipart moves Content-*
    for header in ("From", "To", "Cc"):
        for address in msg[header].addresses if msg[header] is not None else ():
            if not address.addr_spec.isascii():
                raise ValueError(f"non-ASCII e-mail address {address.addr_spec!r}")
    return msg.as_bytes(policy=POLICY)


def plain_body(text: EmailText) -> str:
    """The plain-text part."""
    lines = [text.greeting, "", text.intro, text.period, ""]
    for extra in (text.status, text.notice):
        if extra:
            lines += [extra, ""]
    if text.key_figures:
        lines += [text.key_figures_heading, *(f"- {line}" for line in text.key_figures), ""]
    if text.highlights:
        lines.append(text.highlights_heading)
        for para in text.highlights:
            lines.append(f"- {para.text}")
            if para.fallback:
                lines.append(f"  ({para.fallback})")
        lines.append("")
    lines += [text.closing, text.organisation]
    if text.contacts:
        lines += ["", text.contact_heading, *text.contacts]
    return "\n".join(lines) + "\n"


def _e(value: str) -> str:
    return html.escape(value, quote=True)


def _highlight(para: EmailParagraph) -> str:
    attrs = ""
    if para.direction:
        attrs += f' dir="{_e(para.direction)}"'
    if para.language:
        attrs += f' lang="{_e(para.language)}"'
    notice = f'<br><em style="color:#5F6B76">{_e(para.fallback)}</em>' if para.fallback else ""
    return f"<li{attrs}>{_e(para.text)}{notice}</li>"


def html_body(text: EmailText) -> str:
    """A plain HTML part from ``text`` alone (an e-mail with no report page): every text escaped;
    ``dir`` and ``lang`` on the root element, right-aligned
    for right-to-left languages."""
    direction = "rtl" if text.rtl else "ltr"
    align = "right" if text.rtl else "left"
    out = [
        "<!DOCTYPE html>",
        f'<html dir="{direction}" lang="{_e(text.language)}">',
        '<head><meta charset="utf-8">',
        f"<title>{_e(text.subject)}</title></head>",
        f'<body dir="{direction}" style="font-family:Arial,Helvetica,sans-serif;font-size:14px;'
        f'line-height:1.45;color:#222;text-align:{align}">',
        f"<p>{_e(text.greeting)}</p>",
        f"<p>{_e(text.intro)}<br>{_e(text.period)}</p>",
    ]
    if text.status:
        out.append(f'<p style="color:#D9472B"><strong>{_e(text.status)}</strong></p>')
    if text.notice:
        out.append(f'<p style="color:#5F6B76"><em>{_e(text.notice)}</em></p>')
    if text.key_figures:
        out.append(f'<h2 style="font-size:16px;color:#1B5E9F">{_e(text.key_figures_heading)}</h2>')
        out.append("<ul>" + "".join(f"<li>{_e(line)}</li>" for line in text.key_figures) + "</ul>")
    if text.highlights:
        out.append(f'<h2 style="font-size:16px;color:#1B5E9F">{_e(text.highlights_heading)}</h2>')
        out.append("<ul>" + "".join(_highlight(p) for p in text.highlights) + "</ul>")
    out.append(f"<p>{_e(text.closing)}<br>{_e(text.organisation)}</p>")
    if text.contacts:
        out.append(f"<p>{_e(text.contact_heading)}<br>"
                   + "<br>".join(_e(line) for line in text.contacts) + "</p>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"
