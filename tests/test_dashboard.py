"""End-to-end browser test of the classroom dashboard: Debian's Chromium driven by Playwright."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
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


def _charts_changed(page, old: list[str], timeout_s: float = 30.0) -> list[str]:
    """The charts' images once they differ from ``old`` (or as they are after ``timeout_s``)."""
    deadline = time.time() + timeout_s
    now = _chart_images(page)
    while now == old and time.time() < deadline:
        page.wait_for_timeout(250)
        now = _chart_images(page)
    return now


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
        stepped = _charts_changed(page, before)
        assert stepped != before

        # A slider: more households, then Reset and Step: the household grid shows them.
        households = page.locator(".v-input", has_text="Households").get_by_role("slider")
        households.focus()
        for _ in range(4):
            households.press("ArrowRight")
        page.get_by_role("button", name="Reset").click()
        # a bigger model takes longer to build (homes of appliances calibrate): wait for it, not a fixed time
        page.get_by_text("Step: 0").wait_for(timeout=60_000)
        page.get_by_role("button", name="Step").click()
        page.get_by_text("Step: 1").wait_for(timeout=60_000)
        after = _charts_changed(page, stepped)
        assert after != stepped
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        browser.close()
    assert not errors, errors
    assert SCREENSHOT.stat().st_size > 10_000


def test_a_foreign_host_header_is_refused(dashboard_url):
    request = urllib.request.Request(dashboard_url, headers={"Host": "attacker.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400


def test_each_session_has_its_own_model_and_a_bad_seed_is_a_message(dashboard_url):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        first, second = (browser.new_page(viewport={"width": 1500, "height": 1100}) for _ in range(2))
        for page in (first, second):
            page.goto(dashboard_url, wait_until="networkidle", timeout=90_000)
            page.get_by_role("button", name="Step").wait_for(timeout=60_000)
        first.get_by_role("button", name="Step").click()
        first.get_by_text("Step: 1").wait_for(timeout=30_000)
        second.wait_for_timeout(1000)
        assert second.get_by_text("Step: 0").count() >= 1  # the other session did not move

        seed = second.locator(".v-input", has_text="Seed").locator("input")
        seed.fill("abc")
        seed.press("Enter")
        second.get_by_role("button", name="Reset").click()
        second.get_by_text("is not a whole number").wait_for(timeout=30_000)
        assert "Traceback" not in second.locator("body").inner_text()
        browser.close()


def test_the_server_makes_no_network_call_at_start(monkeypatch):
    """Building the dashboard's app with every outgoing connection refused (solara run would ask PyPI)."""
    import socket as socket_module

    def refuse(self, address):
        raise AssertionError(f"network call at start: {address}")

    monkeypatch.setattr(socket_module.socket, "connect", refuse)
    monkeypatch.setattr(socket_module, "create_connection", lambda *a, **k: refuse(None, a))
    from enernet.dashboard_server import allowed_hosts, app

    assert app("127.0.0.1", 8765) is not None
    assert allowed_hosts("127.0.0.1") == ["127.0.0.1", "localhost", "[::1]", "::1"]
    everywhere = allowed_hosts("0.0.0.0")  # a classroom's machines address this one by its own name or address
    assert everywhere[:4] == ["127.0.0.1", "localhost", "[::1]", "::1"] and socket_module.gethostname() in everywhere
    import psutil

    own = {a.address for addrs in psutil.net_if_addrs().values() for a in addrs
           if a.family == socket_module.AF_INET and not a.address.startswith("127.")}
    assert own <= set(everywhere)  # every IPv4 address of this machine, read with no network call
    assert allowed_hosts("10.1.2.3", ["classroom.local"]) == ["10.1.2.3", "classroom.local"]
