"""Fixtures for the viz tests: the seed graph's page and a real headless chromium with
the network cut off (Debian's /usr/bin/chromium; never a downloaded browser)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@dataclass
class PageLog:
    """What the page did: requests it tried beyond its own file, failed requests, console errors."""

    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return [*(f"blocked request {u}" for u in self.blocked),
                *(f"failed request {u}" for u in self.failed),
                *(f"console error {m}" for m in self.console_errors),
                *(f"page error {m}" for m in self.page_errors)]


@pytest.fixture(scope="session")
def browser() -> Any:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`sudo apt-get install chromium`; "
                    "`make browser` does it when run as root), or set KG_CHROMIUM to a chromium")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the test extra (playwright) is missing")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_offline(browser):
    """``open_offline(path) -> (page, log)``: the file opened with every other request aborted."""
    contexts = []

    def _open(path: Path, *, width: int = 1400, height: int = 900) -> tuple[Any, PageLog]:
        log = PageLog()
        ctx = browser.new_context(viewport={"width": width, "height": height}, offline=True)
        contexts.append(ctx)
        page = ctx.new_page()
        url = path.resolve().as_uri()

        def route(r: Any) -> None:
            if r.request.url == url:
                r.continue_()
            else:
                log.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("requestfailed", lambda req: log.failed.append(req.url))
        page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: log.page_errors.append(str(e)))
        page.goto(url, wait_until="load")
        page.wait_for_selector("#kg-status[data-ready='1']", state="attached", timeout=15000)
        return page, log

    yield _open
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="session")
def viz_graph() -> Any:
    """The graph of ``seeds/`` built with the real English model (loaded once here)."""
    import kg

    return kg.build([SEEDS], nlp=kg.load_nlp())


@pytest.fixture(scope="module")
def seed_page(viz_graph, tmp_path_factory) -> Path:
    """``kg viz``'s page of the seed graph, written through the library."""
    from kg.viz import write_viz

    out = tmp_path_factory.mktemp("viz")
    return write_viz(viz_graph, out, ["html"])["html"]
