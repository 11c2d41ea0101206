"""The report in a real headless browser (Debian's chromium): the marks are in the
rendered DOM, a click fills the detail panel, the kind filter works, and a
screenshot comes out. Skipped, with the reason, where no chromium is installed."""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from test_db import plan_extraction

from bilan_nlp.report import write_report

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((b for b in map(shutil.which, BROWSERS) if b), None)
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="no chromium on PATH (Debian: apt-get install chromium); browser check skipped"
)

# What a reader does: click the amount "2M€", then untick the "amount" filter.
READER = """<script>
(function () {
  var mark = document.querySelector('mark.m[data-kind="amount"]');
  mark.click();
  document.body.setAttribute("data-panel", document.getElementById("detail").hidden ? "hidden" : "shown");
  document.querySelector('#filters input[data-kind="amount"]').click();
})();
</script>
</body>"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        str(BROWSER), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'profile'}", *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


def test_marks_and_click_handler_in_the_rendered_dom(tmp_path: Path) -> None:
    x = plan_extraction()
    out = write_report([x], tmp_path / "report.html")
    out.write_text(out.read_text(encoding="utf-8").replace("</body>", READER), encoding="utf-8")
    run = chromium(tmp_path, "--dump-dom", out.as_uri())
    dom = run.stdout
    assert run.returncode == 0, run.stderr[-500:]
    body = re.search(r"<body([^>]*)>", dom).group(1)
    assert 'data-ready="1"' in body  # report.js ran to the end
    assert 'data-panel="shown"' in body and 'data-selected="3"' in body  # the click reached the handler
    assert "hide-amount" in body  # the filter toggled
    assert len(re.findall(r'<mark class="m k-', dom)) == len(x.mentions)
    assert re.search(r'<dd data-field="value">2\u202f000\u202f000</dd>', dom)
    assert re.search(r'<dd data-field="rule">test</dd>', dom)


def test_screenshot(tmp_path: Path) -> None:
    out = write_report([plan_extraction()], tmp_path / "report.html")
    png = tmp_path / "report.png"
    run = chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,900", out.as_uri())
    assert run.returncode == 0, run.stderr[-500:]
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (1280, 900)
