"""End-to-end browser test of the classroom dashboard: Debian's Chromium driven by Playwright."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
SCREENSHOT = Path(__file__).resolve().parent.parent / "outputs" / "dashboard.png"

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dashboard_url():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    port = _free_port()
    enernet = str(Path(sys.executable).with_name("enernet"))
    server = subprocess.Popen([enernet, "dashboard", "--port", str(port)], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(url, timeout=2).status == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail(f"the dashboard did not answer on {url}: {server.stdout.read()[-2000:]}")
    yield url
    server.terminate()
    server.wait(timeout=10)


def _chart_images(page) -> list[str]:
    return [img.get_attribute("src") or "" for img in page.locator("img").all()]


def test_dashboard_loads_steps_and_follows_the_sliders(dashboard_url):
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(dashboard_url, wait_until="networkidle", timeout=90_000)
        page.get_by_role("button", name="Step").wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        before = _chart_images(page)
        assert len(before) >= 4, "the four charts are images"

        # Step: the market clears, the charts change.
        page.get_by_role("button", name="Step").click()
        page.get_by_text("Step: 1").wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        stepped = _chart_images(page)
        assert stepped != before

        # A slider: more households, then Reset and Step: the household grid shows them.
        households = page.locator(".v-input", has_text="Households").get_by_role("slider")
        households.focus()
        for _ in range(4):
            households.press("ArrowRight")
        page.get_by_role("button", name="Reset").click()
        page.wait_for_timeout(2500)
        page.get_by_role("button", name="Step").click()
        page.get_by_text("Step: 1").wait_for(timeout=30_000)
        page.wait_for_timeout(1500)
        after = _chart_images(page)
        assert after != stepped
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        browser.close()
    assert not errors, errors
    assert SCREENSHOT.stat().st_size > 10_000
