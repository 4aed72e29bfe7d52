"""Where the macros and data models that ship with the tool are found.

In a source checkout they are the top-level `macros/` and `datamodels/` folders; an installed copy
carries the same folders as package data under `spl/shipped/` (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped_dir(name: str) -> Path:
    """The shipped folder `name` ("macros" or "datamodels"), installed or in a checkout."""
    installed = _PACKAGE / "shipped" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name
