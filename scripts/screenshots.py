"""Screenshots of pages as users see them: headless Chromium at desktop (1280 px) and phone (390 px) widths.

    python scripts/screenshots.py http://127.0.0.1:8050 /datos /estado/20 --out var/capturas

Waits for Dash to finish rendering (no pending callbacks) before each capture; writes <name>-escritorio.png and
<name>-telefono.png per path.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options

WIDTHS = {"escritorio": (1280, 900), "telefono": (390, 844)}


def driver(width: int, height: int) -> webdriver.Chrome:
    opts = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", f"--window-size={width},{height}"):  # fmt: skip
        opts.add_argument(arg)
    opts.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(options=opts)


def settle(browser: webdriver.Chrome, timeout: float = 20) -> None:
    """Until Dash reports no pending callback and the page stopped growing (bounded)."""
    deadline = time.monotonic() + timeout
    last = -1
    while time.monotonic() < deadline:
        pending = browser.execute_script(
            "const r = document.querySelector('._dash-loading, [data-dash-is-loading=\"true\"]'); return !!r;"
        )
        height = browser.execute_script("return document.body.scrollHeight")
        if not pending and height == last:
            return
        last = height
        time.sleep(0.5)


def capture(base: str, paths: list[str], out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for label, (width, height) in WIDTHS.items():
        browser = driver(width, height)
        try:
            for path in paths:
                browser.get(base.rstrip("/") + path)
                settle(browser)
                full = browser.execute_script("return document.body.scrollHeight")
                browser.set_window_size(width, min(max(full, height), 6000))
                settle(browser, 5)
                name = re.sub(r"[^a-z0-9]+", "_", path.lower()).strip("_") or "inicio"
                target = out / f"{name}-{label}.png"
                browser.save_screenshot(str(target))
                browser.set_window_size(width, height)
                written.append(target)
        finally:
            browser.quit()
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("base")
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--out", default="var/capturas")
    args = ap.parse_args()
    for path in capture(args.base, args.paths, Path(args.out)):
        print(path)


if __name__ == "__main__":
    main()
