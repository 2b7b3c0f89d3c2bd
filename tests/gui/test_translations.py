"""Every user-visible string of the app has a Korean translation: lupdate over gui/ finds nothing new
or unfinished in resources/translations/kafkalab_ko.ts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "kafkalab_ko.ts"


def test_every_string_is_translated(tmp_path: Path) -> None:
    lupdate = shutil.which("pyside6-lupdate") or str(Path(sys.executable).parent / "pyside6-lupdate")
    copy = tmp_path / "resources" / "translations" / TS.name  # same relative paths as the real file
    copy.parent.mkdir(parents=True)
    shutil.copy(TS, copy)
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "gui").rglob("*.py"))
    subprocess.run([lupdate, *sources, "-ts", str(copy)], cwd=ROOT, check=True, capture_output=True)
    untranslated = []
    for ctx in ET.parse(copy).getroot().iter("context"):
        for m in ctx.iter("message"):
            tr = m.find("translation")
            if tr is not None and (tr.get("type") == "unfinished" or not (tr.text or "").strip()):
                untranslated.append(f"{ctx.findtext('name')}: {m.findtext('source')}")
    assert not untranslated, "\n".join(untranslated)
