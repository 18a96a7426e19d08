"""Regenerate the README's screenshot from the demo, so it cannot go stale.

    .venv/bin/python scripts/screenshots.py            # docs/screenshot-home.png (1280 px, English)
    .venv/bin/python scripts/screenshots.py --also     # and home/scorecard at 390 px, in French too,
                                                       # under var/screenshots/ (to look at, not committed)
    .venv/bin/python scripts/screenshots.py --also --page network=/c/demo/network/   # other pages

It builds a fresh demo in a temporary folder (its own SQLite database, never yours), serves it
on a free local port with `manage.py runserver`, signs in as the demo steward with Chromium
(Playwright, /usr/bin/chromium or BRAID_CHROMIUM) and saves the pictures.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("BRAID_CHROMIUM", "/usr/bin/chromium")
PYTHON = sys.executable


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _wait(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own local server)
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The demo server did not answer at {url}.")


ALSO = (("home", "/c/demo/"), ("scorecard", "/c/demo/measures/"))


def shoot(base: str, out: Path, also: Path | None, pages: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    shots = [("en", 1280, 900, "/c/demo/", out)]
    if also is not None:
        also.mkdir(parents=True, exist_ok=True)
        chosen = [tuple(p.split("=", 1)) for p in pages] or ALSO
        for lang in ("en", "fr"):
            for width in (390, 1280):
                for name, path in chosen:
                    shots.append((lang, width, 900, path, also / f"{name}-{lang}-{width}.png"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        for lang, width, height, path, target in shots:
            context = browser.new_context(
                viewport={"width": width, "height": height}, base_url=base, locale=lang
            )
            context.add_cookies([{"name": "django_language", "value": lang, "url": base}])
            page = context.new_page()
            page.goto("/accounts/login/")
            page.locator("#id_username").fill("steward@demo.braid")
            page.locator("#id_password").fill("demo-steward")
            page.locator("form.form button[type=submit]").click()
            page.wait_for_load_state("networkidle")
            page.goto(path, wait_until="networkidle")
            page.screenshot(path=str(target), full_page=target != out)
            print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
            context.close()
        browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot-home.png")
    parser.add_argument(
        "--also", action="store_true", help="also 390/1280 px, English and French, in var/"
    )
    parser.add_argument(
        "--page",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="with --also: the pages to shoot instead of the home page and the scorecard",
    )
    args = parser.parse_args()
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="braid-shots-") as var:
        env = {
            **os.environ,
            "BRAID_VAR_DIR": var,
            "BRAID_DATABASE_URL": f"sqlite:///{var}/braid.sqlite3",
            "BRAID_DEBUG": "1",  # static files from the source tree, no collectstatic
        }
        env.pop("BRAID_BROKER_URL", None)
        _manage(env, "migrate", "--verbosity", "0")
        _manage(env, "demo")
        server = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait(base + "/accounts/login/")
            also = ROOT / "var" / "screenshots" if args.also else None
            shoot(base, args.out.resolve(), also, args.page)
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
