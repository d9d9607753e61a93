"""Layout dicts -> one self-contained HTML page (vis-network, inline, no network access).

The page is kg's own small template (``page.html``/``page.css``/``page.js`` beside this
module) with the graph as a JSON block, plus the vis-network build that ships inside the
``pyvis`` package (``pyvis/lib/vis-9.1.2``), inlined.  pyvis's own template is not used: it
links vis-network and tom-select from a CDN, and the search/filter/details panel kg needs
is easier to keep correct in a template of our own than as edits to pyvis's output.  A
Content-Security-Policy ``default-src 'none'`` in the page makes the browser refuse any
request, so the page provably works offline.

Example:
    >>> layout = {"nodes": [], "edges": [], "legend": [],
    ...           "meta": {"title": "empty <graph>", "total_nodes": 0}}
    >>> page = dumps_html(layout)
    >>> "<title>empty &lt;graph&gt;</title>" in page, "https://" in page.split("<script")[0]
    (True, False)
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from kg.registry import renderers

__all__ = ["VIS_VERSION", "dumps_html", "vis_assets", "write_html"]

VIS_VERSION = "9.1.2"
_HERE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """The vis-network ``(javascript, css)`` shipped inside the installed ``pyvis`` package
    (found without importing pyvis).

    Raises:
        ImportError: pyvis is not installed (``pip install 'kg[viz]'``).
    """
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("kg viz needs the vis-network files shipped with pyvis: pip install 'kg[viz]'")
    for root in spec.submodule_search_locations:
        lib = Path(root) / "lib" / f"vis-{VIS_VERSION}"
        js, css = lib / "vis-network.min.js", lib / "vis-network.css"
        if js.is_file() and css.is_file():
            return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
    raise ImportError(f"pyvis is installed but has no lib/vis-{VIS_VERSION}; pip install 'kg[viz]'")


def _inline_script(text: str) -> str:
    """Script text that cannot end its ``<script>`` element early.  Only ``</script`` and
    ``<!--`` are touched (a blanket ``</`` -> ``<\\/`` would break regex literals such as
    vis-network's ``/</``)."""
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def _json_block(data: Any) -> str:
    """``data`` as JSON for a ``<script type="application/json">`` block: every ``<`` is
    written as ``\\u003c``, so no text in the graph can close the element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def dumps_html(layout: dict[str, Any]) -> str:
    """The page for ``layout`` (from ``kg.viz.layout.layout_graph``) as a string.

    Raises:
        ImportError: pyvis (which ships vis-network) is not installed.
    """
    vis_js, vis_css = vis_assets()
    template = (_HERE / "page.html").read_text(encoding="utf-8")
    title = html.escape(str(layout.get("meta", {}).get("title") or "Knowledge graph"))
    payload = _json_block(layout)
    parts = {
        "/*KG_TITLE*/": title,
        "/*KG_VIS_CSS*/": re.sub(r"</(style)", r"<\\/\1", vis_css, flags=re.IGNORECASE),
        "/*KG_CSS*/": (_HERE / "page.css").read_text(encoding="utf-8"),
        "/*KG_DATA*/": payload,
        "/*KG_VIS_JS*/": _inline_script(vis_js),
        "/*KG_JS*/": _inline_script((_HERE / "page.js").read_text(encoding="utf-8")),
    }
    # one pass, so a placeholder-like string inside the data is never substituted
    out: list[str] = []
    rest = template
    while True:
        hits = [(rest.find(k), k) for k in parts if rest.find(k) >= 0]
        if not hits:
            out.append(rest)
            break
        i, key = min(hits)
        out.append(rest[:i])
        out.append(parts[key])
        rest = rest[i + len(key):]
    return "".join(out)


@renderers.register("html")
def write_html(layout: dict[str, Any], stream: IO[bytes]) -> None:
    """Write the page for ``layout`` to a binary stream (UTF-8)."""
    stream.write(dumps_html(layout).encode("utf-8"))
