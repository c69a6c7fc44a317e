"""``make screenshot``: the README's picture of the reviewer's page, a popover open, from the rendered page.

Opens ``_manuscript/index.html`` in headless Chromium (Debian's ``chromium``, driven by
Playwright), focuses the abstract's first share as a keyboard user would, and saves the
part of the page around it and its popover to ``docs/popover.png``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def screenshot(page_path: Path, out: Path, width: int = 1000) -> Path:
    """Save the popover of the abstract's first share, with the text around it, to ``out``."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("make screenshot needs Chromium: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=FLAGS)
        page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
        page.goto(page_path.resolve().as_uri(), wait_until="load")
        value = page.locator(".abstract span.computed", has_text="%; 95% CI").first
        value.scroll_into_view_if_needed()
        value.focus()
        popover = page.locator("#computed-popover")
        popover.wait_for(state="visible")
        scrolled = page.evaluate("window.scrollY")  # boxes are in the viewport; a full-page clip is in the page
        shown, box = value.bounding_box(), popover.bounding_box()
        top = scrolled + max(0, shown["y"] - 120)
        clip = {"x": 0, "y": top, "width": width, "height": scrolled + box["y"] + box["height"] + 16 - top}
        out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out), clip=clip, full_page=True)
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m render.screenshot", description=__doc__)
    parser.add_argument("--page", type=Path, default=ROOT / "_manuscript" / "index.html")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "popover.png")
    args = parser.parse_args(argv)
    if not args.page.is_file():
        print(f"error: {args.page}: no rendered page; run make paper first", file=sys.stderr)
        return 2
    print(f"wrote {screenshot(args.page, args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
