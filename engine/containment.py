"""Keeping every file the tool reads or writes inside the folder the user named for it.

A name taken from a search, a lookup definition or a detection (`| inputlookup ../x.csv`,
`/etc/x.csv`, an attack_data URL's path) may try to leave its folder: with `..`, as an absolute
path, or through a symbolic link inside the folder that points elsewhere. `inside` is the one
check that lookups (read), outputlookup (written) and `spl test`'s attack data (read) pass
through: the name is joined to the folder and resolved, `..` and links followed, and the result
must lie in the resolved folder.
"""

from __future__ import annotations

from pathlib import Path


class OutsideFolder(ValueError):
    """A name that leads out of its folder (to `resolved`), or cannot be followed (`resolved`
    is None); the message says which."""

    def __init__(self, message: str, resolved: Path | None = None) -> None:
        super().__init__(message)
        self.resolved = resolved


def inside(folder: Path, name: str | Path, what: str = "") -> Path:
    """`folder / name` with `..` and symbolic links resolved, when that lies in `folder` (itself
    resolved); OutsideFolder, saying where it leads, when it does not (`what` names the folder
    as the user gave it, e.g. "--data-root"). The file need not exist: a missing file inside the
    folder is the caller's to report."""
    root = _resolved(Path(folder))
    path = Path(folder) / name
    resolved = _resolved(path)
    if not resolved.is_relative_to(root):
        raise OutsideFolder(f"{path} leads to {resolved}, outside {what or folder}", resolved)
    return resolved


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, ValueError, RuntimeError) as error:  # a loop of links, a NUL byte
        raise OutsideFolder(f"cannot follow {path}: {error}") from None
