"""The detections panel: a folder of security_content detections as `spl check` and `spl test`
see them (engine/detections.py does the work; this only shapes it for the page)."""

from __future__ import annotations

from engine.detections import (DataRoot, DetectionFileError, check_detection, find_detections,
                               load_detection, run_detection_tests)
from spl.serve.workspace import Workspace


def listed(workspace: Workspace, typed: str) -> list[dict]:
    """Each detection under the typed path (inside a --detections folder), with its check."""
    found = []
    for path in find_detections([workspace.detection_path(typed)]):
        checked = check_detection(path, workspace.catalog)
        found.append({"path": str(path), "name": checked.name, "status": checked.status,
                      "message": checked.message, "unavailable": checked.unavailable})
    return found


def search_of(workspace: Workspace, typed: str) -> tuple[str, str]:
    """The detection's name and its `search:`."""
    detection = load_detection(workspace.detection_path(typed))
    return detection.name, detection.search


def data_root(workspace: Workspace) -> DataRoot:
    """Where the tests' attack data is: --data-root, which the user must have given."""
    if workspace.data_root is None:
        raise DetectionFileError("start spl serve with --data-root DIR (where the tests' "
                                 "attack_data files are) to run detections' tests")
    return DataRoot(workspace.data_root)


def tested(workspace: Workspace, typed: str, data_root: DataRoot) -> list[dict]:
    """Each `tests:` entry's verdict, as `spl test --data-root` gives it."""
    results = run_detection_tests(workspace.detection_path(typed), data_root, workspace.catalog,
                                  workspace.geoip)
    return [{"name": r.name, "outcome": r.outcome, "rows": r.rows,
             "seconds": round(r.seconds, 3), "message": r.message,
             "skipped_records": r.skipped_records} for r in results]
