"""What the tests of `spl test` share: where the fixture detections and the RMS log are, the
attack_data URL prefix, and a data root laid out as a clone of splunk/attack_data (files at the
URL's path after attack_data/master/)."""

from __future__ import annotations

import shutil
from pathlib import Path

HERE = Path(__file__).parent
TESTING = HERE / "testing"  # fixture detections for spl test
RMS_LOG = HERE.parents[1] / "examples" / "data" / "rms_sysmon.log"
MEDIA = "https://media.githubusercontent.com/media/splunk/attack_data/master/"
RMS_DATA = "datasets/attack_techniques/T1219/rms/windows-sysmon.log"
RMS_SEARCH = ('| tstats count FROM datamodel=Endpoint.Registry where Registry.registry_path='
              '"*\\\\SYSTEM\\\\Remote Manipulator System*" by Registry.registry_path Registry.dest '
              '| `drop_dm_object_name(Registry)`')
SYSMON = {"source": "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational",
          "sourcetype": "xmlwineventlog"}


class DataLayout:
    """A data root under a test's tmp folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def place(self, relative: str, source: Path = RMS_LOG) -> Path:
        """A copy of `source` at `relative` under the root."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        return path


def result_lines(out: str) -> dict[str, str]:
    """Each result line of `spl test` by the test's name."""
    return {line.split("  ")[1]: line for line in out.splitlines() if "  (" in line}
