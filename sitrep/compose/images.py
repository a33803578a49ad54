"""Images from templates (logos) checked before any renderer embeds them.

A logo goes into every PDF and DOCX sent out, so it is opened here first: it must really be
a PNG or JPEG (not an SVG or a web page renamed ``.png``), decode without error, and stay within
:data:`MAX_LOGO_BYTES` and :data:`MAX_LOGO_PIXELS` — a decompression bomb (a small PNG that
expands to gigabytes) is refused from its header, before a single pixel is decoded.
"""

from __future__ import annotations

import warnings
from pathlib import Path

__all__ = ["MAX_LOGO_BYTES", "MAX_LOGO_PIXELS", "logo_problem"]

MAX_LOGO_BYTES = 5 * 1024 * 1024
"""A logo of 5 MB is already far more than a page header needs."""
MAX_LOGO_PIXELS = 16_000_000
"""16 megapixels (4000 × 4000): print quality for a logo 30 cm wide."""
FORMATS = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg")}


def logo_problem(path: Path) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) for a logo file, or None when it can be embedded."""
    from PIL import Image, UnidentifiedImageError

    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        return (f"the logo is {size / 1e6:.1f} MB, over the limit of {MAX_LOGO_BYTES / 1e6:.0f} MB",
                "save it smaller (a PNG of about 1000 pixels across is plenty for a page header)")
    shrink = f"resize it to at most {MAX_LOGO_PIXELS / 1e6:.0f} megapixels, e.g. 1000 × 400 pixels"
    try:
        with warnings.catch_warnings():  # sitrep's own limit (below) is lower than Pillow's warning
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)  # reads the header only
        with image:
            kind, (width, height) = image.format, image.size
            if kind not in FORMATS:
                return (f"the logo is {kind or 'not an image'}, not a PNG or JPEG",
                        "export it as PNG (or JPEG) from the drawing program")
            if path.suffix.lower() not in FORMATS[kind]:
                return (f"the logo is a {kind} file named {path.suffix}", f"rename it to {FORMATS[kind][0]}")
            if width * height > MAX_LOGO_PIXELS:
                return (f"the logo is {width:,} × {height:,} pixels ({width * height / 1e6:,.0f} megapixels), over "
                        f"the limit of {MAX_LOGO_PIXELS / 1e6:.0f} megapixels", shrink)
            image.load()  # decode it all: a truncated or damaged file fails here, not in a renderer
    except UnidentifiedImageError:
        return ("the logo is not an image sitrep can read (an SVG, PDF or web page renamed?)",
                "export it as PNG (or JPEG) from the drawing program")
    except Image.DecompressionBombError as exc:
        return (f"the logo declares an enormous image ({exc})", shrink)
    except (OSError, ValueError, SyntaxError) as exc:
        return (f"the logo image is damaged ({exc})", "export it again as PNG from the original")
    return None
