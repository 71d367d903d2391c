"""The report in headless Chromium: it renders (non-blank screenshot, full DOM) with no console messages."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from test_report_support import extracted_copy, invoke

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--enable-logging=stderr", "--v=0")


def chromium(tmp_path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True, text=True,
                          timeout=90)


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH (apt-get install chromium)")
def test_report_renders_without_console_errors(tmp_path):
    import matplotlib.image as mpimg

    out = tmp_path / "report.html"
    assert invoke("report", "--db", extracted_copy(tmp_path), "--out", str(out)).exit_code == 0
    shot = tmp_path / "shot.png"
    run = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,2400", out.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    assert "CONSOLE" not in run.stderr, [line for line in run.stderr.splitlines() if "CONSOLE" in line]
    pixels = mpimg.imread(shot)
    assert pixels.shape[:2] == (2400, 1280)
    assert pixels.std() > 0.05  # not a blank page
    dom = chromium(tmp_path, "--dump-dom", out.as_uri())
    assert dom.returncode == 0
    assert "Evidence cards" in dom.stdout and dom.stdout.count('class="card"') == 6
