"""The demo corpus's HTML report opened in headless Chromium: no console errors, and it draws."""
from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import numpy as np
import pytest

from sitroom import api


def _chromium() -> str | None:
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


CHROMIUM = _chromium()
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                                "(apt-get install chromium); CI installs it")
SCALE = 0.5                     # device scale: a whole long page in a small screenshot


def run_chromium(page: Path, out_png: Path | None = None, height: int = 9000
                 ) -> tuple[str, list[str]]:
    """Open ``page`` headless; return the DOM after scripts ran and the console lines logged."""
    with tempfile.TemporaryDirectory() as profile:
        cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
               "--enable-logging=stderr", "--v=0", f"--window-size=1280,{height}",
               f"--force-device-scale-factor={SCALE}", "--dump-dom"]
        if out_png:
            cmd.append(f"--screenshot={out_png}")
        proc = subprocess.run(cmd + [page.resolve().as_uri()], capture_output=True, text=True,
                              timeout=60)
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    return proc.stdout, console


def decode_png(data: bytes) -> np.ndarray:
    """Pixels (height × width × channels) of an 8-bit RGB/RGBA non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, []
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0
        elif kind == b"IDAT":
            idat.append(body)
    bpp = 3 if ctype == 2 else 4
    stride = w * bpp
    raw = np.frombuffer(zlib.decompress(b"".join(idat)), dtype=np.uint8).reshape(h, stride + 1)
    out = np.zeros((h, stride), dtype=np.int32)
    prev = np.zeros(stride, dtype=np.int32)
    for y in range(h):
        f, line = raw[y, 0], raw[y, 1:].astype(np.int32)
        if f == 1:
            line = np.cumsum(line.reshape(w, bpp), axis=0).reshape(-1) % 256
        elif f == 2:
            line = (line + prev) % 256
        elif f in (3, 4):
            cur, up = line.tolist(), prev.tolist()
            for x in range(stride):
                a = cur[x - bpp] if x >= bpp else 0
                b = up[x]
                if f == 3:
                    cur[x] = (cur[x] + (a + b) // 2) & 255
                else:
                    c = up[x - bpp] if x >= bpp else 0
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    cur[x] = (cur[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            line = np.array(cur, dtype=np.int32)
        out[y] = line
        prev = line
    return out.reshape(h, w, bpp)[:, :, :3].astype(np.uint8)


def near(img: np.ndarray, hex_colour: str, tol: int = 14) -> int:
    """How many pixels are within ``tol`` of a colour on every channel."""
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(img.astype(np.int32) - rgb).max(axis=2) <= tol).sum())


def _section(dom: str, sid: str) -> str:
    m = re.search(rf'<section id="{sid}".*?</section>', dom, re.S)
    assert m, f"section {sid} missing from the rendered page"
    return m.group(0)


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    d = tmp_path_factory.mktemp("demo")
    api.demo(d / "demo.db", html=d / "demo-report.html", md=d / "demo-report.md")
    return d / "demo-report.html"


def test_console_lines_are_captured(tmp_path):
    # Guards the next test: a page that does log an error must be seen doing so.
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><body><script>nope();</script></body></html>")
    _, console = run_chromium(page)
    assert any("nope is not defined" in line for line in console)


def test_demo_report_in_chromium(demo_report, tmp_path):
    png = tmp_path / "report.png"
    dom, console = run_chromium(demo_report, png, height=16000)
    assert console == [], "console output: " + "\n".join(console)
    assert dom.count('<section id="') >= 8

    timeline = _section(dom, "timeline")
    assert timeline.count('<details class="event"') >= 10
    assert re.search(r'<svg class="strip".*?<circle', timeline, re.S)
    # The script ran: it reveals the expand-all button it drives.
    assert re.search(r'<button type="button" data-expand="timeline-list">', timeline)

    figures = _section(dom, "figures")
    assert figures.count('<svg class="chart"') >= 3
    assert re.search(r'<svg class="chart".*?class="val"', figures, re.S)

    net = _section(dom, "network")
    assert re.search(r'<svg class="network".*?<circle.*?<path', net, re.S) or \
        re.search(r'<svg class="network".*?<path.*?<circle', net, re.S)
    assert net.count("<circle") >= 4

    places = _section(dom, "map")
    assert re.search(r'<svg class="map".*?<path d="M', places, re.S)

    img = decode_png(png.read_bytes())
    assert img.shape[1] == int(1280 * SCALE)
    # Not blank: many colours, and the drawings' own colours are on screen.
    flat = img.reshape(-1, 3)
    colours = np.unique(flat[:: max(1, len(flat) // 200_000)], axis=0)
    assert len(colours) > 200
    assert near(img, "#0072b2") > 20          # the first claimant's colour in the charts
    assert near(img, "#dce8f2", 3) > 2000     # the sea on the map
    assert near(img, "#b3261e", 20) > 20      # place dots
