"""Where the files that ship with sitrep are: the report templates and the label catalogs.

The repository keeps the report templates in the top-level ``templates/`` folder (officers copy
and edit them, so they sit beside the code rather than inside it); the wheel installs that
folder as ``sitrep/_templates`` (``[tool.setuptools.package-dir]`` in pyproject.toml). The
catalogs live in ``sitrep/i18n/locales`` and are installed as package data. Both are found with
:mod:`importlib.resources`, never through the current folder, so an installed ``sitrep`` works
from anywhere. In a source checkout (``pip install -e .``) there is no ``sitrep/_templates`` and
the top-level folder is used.

sitrep reads these as files on disk (reportlab and the template checker take paths), so it is
installed unzipped, as pip and pipx always do.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

INSTALLED_TEMPLATES = "_templates"
"""The shipped templates' folder inside the installed package."""


def _folder(package: str) -> Path:
    root = files(package)
    if not isinstance(root, Path):  # a zipped install: not something pip or pipx produce
        raise RuntimeError(f"{package} is not installed as files on disk ({root}); reinstall it with pip")
    return root


def templates_dir() -> Path:
    """The folder holding the shipped report templates (``<name>/template.toml``)."""
    installed = _folder("sitrep") / INSTALLED_TEMPLATES
    if installed.is_dir():
        return installed
    return _folder("sitrep").parent / "templates"  # a source checkout


def locales_dir() -> Path:
    """The folder holding ``sitrep.pot`` and ``<language>/LC_MESSAGES/sitrep.po``."""
    return _folder("sitrep.i18n") / "locales"
