"""Every user-visible string of the app has a Korean translation: lupdate over gui/ finds nothing new
or unfinished in resources/translations/kafkalab_ko.ts that a feature's kafkalab-<feature>_ko.ts
does not translate."""

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
    elsewhere = _translated(sorted(TS.parent.glob("kafkalab-*_ko.ts")))
    untranslated = []
    for ctx in ET.parse(copy).getroot().iter("context"):
        for m in ctx.iter("message"):
            tr = m.find("translation")
            key = (ctx.findtext("name") or "", m.findtext("source") or "")
            if tr is not None and (tr.get("type") == "unfinished" or not (tr.text or "").strip()) \
                    and key not in elsewhere:
                untranslated.append(f"{key[0]}: {key[1]}")
    assert not untranslated, "\n".join(untranslated)


def _translated(files: list[Path]) -> set[tuple[str, str]]:
    """(context, source) pairs that one of ``files`` translates."""
    done: set[tuple[str, str]] = set()
    for ts in files:
        for ctx in ET.parse(ts).getroot().iter("context"):
            for m in ctx.iter("message"):
                tr = m.find("translation")
                if tr is not None and tr.get("type") != "unfinished" and (tr.text or "").strip():
                    done.add((ctx.findtext("name") or "", m.findtext("source") or ""))
    return done
