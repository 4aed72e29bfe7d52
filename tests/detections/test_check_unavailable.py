"""`spl check` names what a detection needs that this tool cannot have (an app's commands or
an app's lookups), apart from the failures the tool could fix.

MLTK's commands: https://help.splunk.com/splunk-enterprise/apply-machine-learning/use-ai-toolkit/5.6.4/ai-toolkit-commands-macros-and-visualizations/search-commands-for-machine-learning
ES's asset and identity lookups: https://help.splunk.com/splunk-enterprise-security-8/administer/8.3/asset-and-identity-validation/lookups-that-store-merged-asset-and-identity-data-in-splunk-enterprise-security
"""

from __future__ import annotations

import json
from pathlib import Path

from spl.cli import main

SEARCHES = {
    "mltk": "| makeresults | apply smb_pdfmodel",
    "assets": "| makeresults | eval dest=\"h\" | lookup asset_lookup_by_str asset as dest",
    "both": "| makeresults | fit DensityFunction x | lookup identity_lookup_expanded "
            "identity as user",
    "real": "| makeresults | multikv",
}


def detections(folder: Path) -> Path:
    for name, search in SEARCHES.items():
        (folder / f"{name}.yml").write_text(f"name: {name}\nsearch: '{search}'\n")
    return folder


def test_the_summary_groups_what_needs_an_app_apart_from_real_failures(tmp_path, capsys):
    assert main(["check", str(detections(tmp_path))]) == 1
    out = capsys.readouterr().out
    head = out.split("\n\n")[0].splitlines()
    assert head == [
        "0 of 4 detections ok (0.0%)",
        "      1  error[unsupported-command]: `multikv` is not supported yet",
        "3 need what this tool cannot have:",
        "      1  needs Enterprise Security's asset and identity lookups (asset_lookup_by_str)",
        "      1  needs Splunk's Machine Learning Toolkit (apply)",
        "      1  needs Splunk's Machine Learning Toolkit (fit); needs Enterprise Security's "
        "asset and identity lookups (identity_lookup_expanded)",
    ]
    # The ranking of missing commands stays as it was: apply and fit are still missing.
    assert "  command apply " in out and "  command fit " in out


def test_json_gives_the_cause(tmp_path, capsys):
    main(["check", "--format", "json", str(detections(tmp_path))])
    by_name = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert by_name["mltk"]["unavailable"] == "needs Splunk's Machine Learning Toolkit (apply)"
    assert by_name["mltk"]["status"] == "unknown-command"
    assert by_name["real"]["unavailable"] is None


def test_a_lookup_the_user_has_is_no_longer_unavailable(tmp_path, capsys):
    # Given a CSV export of the ES lookup with --lookups, the detection binds: nothing is
    # reported as needing the app.
    lookups = tmp_path / "lookups"
    lookups.mkdir()
    (lookups / "asset_lookup_by_str.csv").write_text("asset,priority\nh,high\n")
    folder = tmp_path / "detections"
    folder.mkdir()
    (folder / "assets.yml").write_text(f"name: assets\nsearch: '{SEARCHES['assets']}'\n")
    assert main(["check", "--lookups", str(lookups), str(folder)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "1 of 1 detections ok (100.0%)"
