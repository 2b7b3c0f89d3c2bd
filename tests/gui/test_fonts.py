"""A packaged build carries NanumGothic for systems without a Korean font: on such a system (here a
fontconfig that knows only DejaVu) the app loads it and Korean text gets a font that has its glyphs;
where the system has one, nothing is loaded."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

NANUM = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gui
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
app = QGuiApplication([])
from gui.fonts import ensure_korean_font, system_has_korean
before = system_has_korean()
loaded = ensure_korean_font()
print(before, ",".join(loaded), QFontMetrics(QFont()).inFontUcs4(ord("한")) or system_has_korean())
"""


def probe(env: dict[str, str]) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.skipif(not (NANUM.exists() and DEJAVU.is_dir()), reason="needs fonts-nanum and fonts-dejavu here")
def test_bundled_korean_font_only_where_the_system_has_none(tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(ROOT / "resources", resources, ignore=shutil.ignore_patterns("*.ts", "__pycache__"))
    (resources / "fonts").mkdir()
    shutil.copy(NANUM, resources / "fonts")
    conf = tmp_path / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{DEJAVU}</dir>'
                    f'<cachedir>{tmp_path / "cache"}</cachedir></fontconfig>')
    base = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KAFKALAB_RESOURCES": str(resources)}

    before, loaded, korean = probe({**base, "FONTCONFIG_FILE": str(conf)})
    assert (before, loaded, korean) == ("False", "NanumGothic", "True")

    # this machine's own fonts include Korean ones: nothing is loaded (the middle field is empty)
    assert probe(base) == ["True", "True"]
