"""What the chart tests share (issue 26): strategies with an adopted year and with many payers, the SVG's bars
read back, and the pixels of each series' colour in a screenshot."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

from sofin.render.plan.svg import PALETTE

from . import MINIMAL, run

# MINIMAL with 2026's rates adopted: 2025 and 2026 are not projected, 2027-2029 are.
ADOPTED_2026 = MINIMAL.replace(
    "  staff: {default: 2}\n  programme: {default: 2, 2027: 2.5}\n",
    "  staff: {default: 2, 2026: {rate: 3.1, source: TEI 2026}}\n"
    "  programme: {default: 2, 2026: {rate: 2.4, source: TEI 2026}, 2027: 2.5}\n",
)
assert ADOPTED_2026 != MINIMAL

# 30 payers: five large ones scattered through the table, 25 of 2.4 % each.
_LARGE = {3: "10", 8: "9", 14: "8", 21: "7", 27: "6"}
MANY_PAYERS = MINIMAL.replace(
    "  - {id: a, name: Občina A, share: 60.5}\n  - {id: b, name: Občina B, share: 39.5}\n",
    "".join(f"  - {{id: p{n:02}, name: Občina {n:02}, share: {_LARGE.get(n, '2.4')}}}\n" for n in range(30)),
)
assert MANY_PAYERS != MINIMAL


def svg_of(html: str) -> str:
    """The inline <svg> element of a page."""
    found = re.search(r"<svg\b.*?</svg>", html, flags=re.S)
    assert found is not None, "no <svg> in the page"
    return found.group(0)


def parsed(svg: str) -> ET.Element:
    """The SVG as XML, without its namespace (a standalone file has one, the inline element none)."""
    root = ET.fromstring(svg)
    for element in root.iter():
        element.tag = element.tag.rpartition("}")[2]
    return root


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter("rect") if "bar" in rect.get("class", "").split()]


def legend_texts(root: ET.Element) -> list[str]:
    return [
        text.text or "" for group in root.iter("g") if group.get("class") == "legend" for text in group.iter("text")
    ]


def plan_json(*args: str) -> dict[str, object]:
    result = run("plan", *args, "-f", "json")
    assert result.exit_code == 0, result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


def assert_proportional(root: ET.Element) -> None:
    """Every bar's height is its figure times one ratio, within the two decimals of the coordinates; none
    negative or not a number."""
    values = [(Decimal(bar.get("height", "")), Decimal(bar.get("data-value", ""))) for bar in bars(root)]
    assert values, "no bars"
    for height, value in values:
        assert height.is_finite() and value.is_finite() and height >= 0 and value >= 0
    top_height, top_value = max(values, key=lambda pair: pair[1])
    for height, value in values:
        if top_value == 0:
            assert height == 0
        else:
            assert abs(height - value * top_height / top_value) <= Decimal("0.011"), (height, value)


def colour_pixels(png: Path, colours: tuple[str, ...], right: int) -> dict[str, int]:
    """How many pixels left of x = `right` (the plot, not the legend) have each colour, give or take
    _CLOSE in each channel (a browser's colour handling may move a value by one or two)."""
    from PIL import Image

    with Image.open(png) as image:
        plot = image.convert("RGB").crop((0, 0, min(right, image.width), image.height))
        seen = plot.getcolors(maxcolors=plot.width * plot.height) or []
    counts = {}
    for colour in colours:
        wanted = tuple(int(colour[at : at + 2], 16) for at in (1, 3, 5))
        counts[colour] = sum(
            count
            for count, rgb in seen
            if max(abs(a - b) for a, b in zip(rgb, wanted)) <= _CLOSE  # type: ignore[arg-type]
        )
    return counts


_CLOSE = 3


def plot_right(root: ET.Element) -> int:
    """The x where the legend starts: left of it is the plot."""
    swatches = [group.find("rect") for group in root.iter("g") if group.get("class") == "legend"]
    return int(min(Decimal(swatch.get("x", "0")) for swatch in swatches if swatch is not None))


# A chart renders empty when some series shows fewer pixels than this in the plot.
ENOUGH_PIXELS = 400


def empty_series(png: Path, count: int, right: int) -> list[str]:
    """The colours of the first `count` series that have too few pixels in the plot: none when it drew."""
    counts = colour_pixels(png, PALETTE[:count], right)
    return [colour for colour, seen in counts.items() if seen < ENOUGH_PIXELS]
