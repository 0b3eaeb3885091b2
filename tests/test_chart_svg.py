"""Issue 26 items 5 and 6: sofin's own SVG chart of the period (render/plan/svg.py), `sofin plan -f svg`, and the
README's picture made by docs/plan_chart.sh."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sofin.render.plan.chart import Series
from sofin.render.plan.svg import PALETTE, axis, period_chart, text_width
from sofin.words import Language

from .helpers import MINIMAL, ROOT, assert_golden, require_tool, run
from .helpers.browser import screenshot
from .helpers.svg_chart import (
    ADOPTED_2026,
    MANY_PAYERS,
    assert_proportional,
    bars,
    empty_series,
    legend_texts,
    parsed,
    plan_json,
    plot_right,
    svg_of,
)


def plan_svg(*args: str) -> str:
    result = run("plan", "-f", "svg", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def chart(figures: list[list[int]], projected: list[bool] | None = None) -> str:
    years = list(range(2025, 2025 + len(figures[0]))) if figures else [2025]
    series = [Series(f"Občina {n} <&>", tuple(map(Decimal, row)), ()) for n, row in enumerate(figures)]
    marks = projected if projected is not None else [False] * len(years)
    return period_chart(series, years, marks, Decimal(1), Language.sl, "Naslov", "Opis", standalone=True)


class TestTheWriter:
    @settings(max_examples=60, deadline=None)
    @given(
        st.integers(1, 6).flatmap(
            lambda years: st.lists(
                st.lists(st.one_of(st.just(0), st.integers(0, 10**9)), min_size=years, max_size=years),
                min_size=1,
                max_size=6,
            )
        ),
        st.data(),
    )
    def test_every_bar_is_proportional_to_its_figure(self, figures, data):
        projected = data.draw(st.lists(st.booleans(), min_size=len(figures[0]), max_size=len(figures[0])))
        svg = chart(figures, projected)
        assert "NaN" not in svg and "Infinity" not in svg
        root = parsed(svg)
        drawn = bars(root)
        assert len(drawn) == len(figures) * len(figures[0])
        assert [Decimal(bar.get("data-value", "")) for bar in drawn] == [
            Decimal(figures[s][y]) for y in range(len(figures[0])) for s in range(len(figures))
        ]
        assert_proportional(root)
        for bar in drawn:  # on the plot: from the baseline up, never below it
            assert Decimal(bar.get("y", "")) + Decimal(bar.get("height", "")) == Decimal("232.00")
            assert Decimal(bar.get("y", "")) >= Decimal("12.00")

    def test_a_single_series_and_all_zeros(self):
        root = parsed(chart([[0, 0, 0]]))
        assert [bar.get("height") for bar in bars(root)] == ["0.00"] * 3
        assert_proportional(root)

    @pytest.mark.parametrize(
        ("largest", "top", "step"),
        [(106979, 120000, 20000), (100, 100, 20), (1, 1, 1), (7, 8, 2), (0, 1, 1)],
    )
    def test_the_axis_is_round(self, largest, top, step):
        found_top, found_step = axis(Decimal(largest), Decimal(1))
        assert (found_top, found_step) == (Decimal(top), Decimal(step))
        assert found_top >= largest and found_top / found_step <= 6

    def test_text_is_escaped(self):
        svg = chart([[1, 2]])
        assert "Občina 0 &lt;&amp;&gt;" in svg and "<&>" not in svg
        parsed(svg)

    def test_the_palette_differs_in_lightness_printed_in_grey(self):
        """Any two colours at least 9 apart in CIE L*, neighbouring bars at least 12."""

        def lightness(colour: str) -> float:
            channels = [int(colour[at : at + 2], 16) / 255 for at in (1, 3, 5)]
            linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
            y = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
            return 116 * y ** (1 / 3) - 16

        levels = [lightness(colour) for colour in PALETTE]
        assert all(abs(a - b) >= 9 for n, a in enumerate(levels) for b in levels[n + 1 :])
        assert all(abs(a - b) >= 12 for a, b in zip(levels, levels[1:]))

    def test_same_bytes(self):
        assert chart([[5, 7], [0, 3]], [False, True]) == chart([[5, 7], [0, 3]], [False, True])


class TestPlanSvg:
    def test_parses_with_a_title_and_a_desc_naming_every_municipality(self):
        root = parsed(plan_svg())
        assert root.get("role") == "img" and root.get("viewBox", "").startswith("0 0 ")
        title, desc = root.find("title"), root.find("desc")
        assert title is not None and "2025–2029" in (title.text or "")
        assert desc is not None
        legend = legend_texts(root)
        for payer in plan_json()["payers"]:  # type: ignore[attr-defined]
            assert payer["label"] in (desc.text or "")
            assert payer["label"] in legend
        assert "† projekcija (načrtovalna predpostavka)" in legend
        english = legend_texts(parsed(plan_svg("--lang", "en")))
        assert "† projected (planning assumption)" in english

    def test_each_bar_is_the_plans_figure_and_proportional(self):
        root = parsed(plan_svg())
        payers = plan_json()["payers"]
        drawn = {(bar.get("data-series"), bar.get("data-year")): bar.get("data-value") for bar in bars(root)}
        assert len(drawn) == 4 * 5
        for payer in payers:  # type: ignore[attr-defined]
            for year, figure in payer["figures"].items():
                assert drawn[(payer["label"], year)] == figure
        assert_proportional(root)

    def test_projected_years_are_hatched_and_adopted_ones_are_not(self, write):
        path = str(write(ADOPTED_2026))
        projected = plan_json("-s", path)["projected"]
        assert projected == {"2025": False, "2026": False, "2027": True, "2028": True, "2029": True}
        root = parsed(plan_svg("-s", path))
        for bar in bars(root):
            is_projected = projected[bar.get("data-year")]  # type: ignore[index]
            assert bar.get("data-projected") == str(is_projected).lower()
            assert bar.get("fill", "").startswith("url(#projected-") is is_projected
            assert ("stroke-dasharray" in bar.attrib) is is_projected
            assert "projected" in bar.get("class", "").split() if is_projected else bar.get("class") == "bar"
        legend = legend_texts(root)
        assert legend[-2:] == ["sprejeti zneski", "† projekcija (načrtovalna predpostavka)"]
        assert_proportional(root)

    def test_many_payers_the_group_is_the_sum_of_the_rest(self, write):
        path = str(write(MANY_PAYERS))
        root = parsed(plan_svg("-s", path))
        payers = plan_json("-s", path)["payers"]
        series = list(dict.fromkeys(bar.get("data-series") for bar in bars(root)))
        assert len(series) == 6 and series[-1] == "Druge občine (25)"
        named = {"Občina 03", "Občina 08", "Občina 14", "Občina 21", "Občina 27"}
        assert series[:5] == sorted(named)
        desc = root.find("desc")
        assert desc is not None
        for payer in payers:  # type: ignore[attr-defined]
            assert payer["label"] in (desc.text or "")
        for year in ("2025", "2026", "2027", "2028", "2029"):
            rest = sum(Decimal(p["figures"][year]) for p in payers if p["label"] not in named)  # type: ignore[attr-defined]
            group = next(b for b in bars(root) if b.get("data-series") == series[-1] and b.get("data-year") == year)
            assert Decimal(group.get("data-value", "")) == rest
        assert_proportional(root)

    def test_standalone_file_and_the_extension(self, tmp_path):
        target = tmp_path / "nacrt.svg"
        assert run("plan", "-o", str(target)).exit_code == 0
        text = target.read_text(encoding="utf-8")
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
        assert text == plan_svg()
        assert "<script" not in text and "href" not in text

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_golden_and_same_bytes(self, lang):
        text = plan_svg("--lang", lang)
        assert text == plan_svg("--lang", lang)
        assert_golden(f"plan_chart_{lang}.svg", text)


def y_labels(root) -> list[tuple[Decimal, str]]:
    """The y axis's labels: (the x where each ends, its text)."""
    return [(Decimal(t.get("x", "")), t.text or "") for t in root.iter("text") if t.get("text-anchor") == "end"]


# DejaVu Sans (the chart's first font) at 11px: a digit is 0.636 em wide, a group separator 0.318 em.
def dejavu_width(label: str) -> Decimal:
    return sum((Decimal("7.0") if char.isdigit() else Decimal("3.5") for char in label), Decimal(0))


LARGE = [10**7, 12 * 10**6, 10**11, 10**12]  # README's limit of an amount is 10^12


class TestLargeAmounts:
    """The y axis's labels of large amounts fit left of the plot (a top of 15.000.000 lost its first digit)."""

    @pytest.mark.parametrize("lang", [Language.sl, Language.en])
    @pytest.mark.parametrize("amount", LARGE)
    def test_every_y_label_fits_in_the_viewbox(self, amount, lang):
        series = [Series("Občina A", (Decimal(amount), Decimal(amount // 2)), ())]
        svg = period_chart(series, [2025, 2026], [False, True], Decimal(1), lang, "T", "D", standalone=True)
        root = parsed(svg)
        width = Decimal(root.get("viewBox", "").split()[2])
        labels = y_labels(root)
        assert len(labels) >= 3 and any(len(text) >= 10 for _, text in labels)
        for end, text in labels:
            assert end - text_width(text) >= 0, text  # the writer's own estimate
            assert end - dejavu_width(text) >= 4, text  # and the font's widths, with room to spare
            assert end <= width
        assert_proportional(root)

    def test_the_shipped_strategys_axis_keeps_its_margin(self):
        labels = y_labels(parsed(plan_svg()))
        assert {end for end, _ in labels} == {Decimal("58.00")}

    def test_a_strategy_of_millions_through_the_command(self, write):
        path = str(write(MINIMAL.replace("amount: 333}", "amount: 20000000}")))
        root = parsed(plan_svg("-s", path))
        labels = y_labels(root)
        assert len(labels[-1][1]) == len("15.000.000")  # a top of tens of millions
        assert all(end - text_width(text) >= 0 for end, text in labels)

    def test_chromium_draws_the_labels_whole(self, tmp_path):
        """The chart, unclipped, 200px from the page's left edge: nothing it draws lies left of its box."""
        series = [Series("Občina A", (Decimal(10**11), Decimal(10**10)), ())]
        svg = period_chart(series, [2025, 2026], [False, False], Decimal(1), Language.sl, "T", "D")
        page = tmp_path / "chart.html"
        style = "body { margin: 0; background: #fff; } svg { overflow: visible; margin: 20px 0 0 200px; }"
        page.write_text(f"<!DOCTYPE html><html><head><style>{style}</style></head><body>{svg}</body></html>")
        png = screenshot(page, tmp_path, 900, 320)
        from PIL import Image

        with Image.open(png) as image:
            grey = image.convert("L")
            dark = [x for x in range(grey.width) if any(grey.getpixel((x, y)) < 128 for y in range(grey.height))]
        assert dark, "nothing drawn"
        assert 200 <= min(dark) <= 220, min(dark)  # the labels start inside the chart, near its left edge


SCENARIOS = [("--share", "komen=16.32", "--share", "divaca=15.35"), ("--rate", "2026=5")]
SCENARIO_WORD = {"sl": "SCENARIJ", "en": "SCENARIO"}


def banner_of(*args: str) -> str:
    """The scenario's banner, as the plan's table shows it on its first line."""
    result = run("plan", *args)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[0]


def banner_texts(root) -> list:
    return [text for text in root.iter("text") if text.get("class") == "scenario"]


class TestAScenariosChart:
    """Issue 26 item 5 and README: every output of a scenario says that it is one, the chart too."""

    @pytest.mark.parametrize("lang", ["sl", "en"])
    @pytest.mark.parametrize("what_if", SCENARIOS)
    def test_the_file_shows_the_banner_above_the_chart_and_names_it_in_title_and_desc(self, what_if, lang):
        banner = banner_of(*what_if, "--lang", lang)
        assert banner.startswith(SCENARIO_WORD[lang])
        svg = plan_svg(*what_if, "--lang", lang)
        assert svg == plan_svg(*what_if, "--lang", lang)
        root = parsed(svg)
        title, desc = root.find("title"), root.find("desc")
        assert title is not None and SCENARIO_WORD[lang] in (title.text or "")
        assert desc is not None and (desc.text or "").startswith(banner)
        lines = banner_texts(root)
        assert lines and all(line.get("font-weight") == "bold" for line in lines)
        assert " ".join(line.text or "" for line in lines) == banner
        width = Decimal(root.get("viewBox", "").split()[2])
        for line in lines:  # inside the chart's width, in bold characters of 7.4 units
            assert Decimal(line.get("x", "")) + Decimal("7.4") * len(line.text or "") <= width
        # the chart moved down under the banner: its bars and gridlines start below the last line
        shift = root.find("g")
        assert shift is not None and shift.get("transform", "").startswith("translate(0 ")
        moved = Decimal(shift.get("transform", "").split()[1].rstrip(")"))
        lowest = max(Decimal(line.get("y", "")) for line in lines)
        assert all(moved + Decimal(bar.get("y", "")) > lowest + 4 for bar in bars(root))
        assert Decimal(root.get("height", "")) == Decimal("258.00") + moved
        assert_proportional(root)

    def test_a_long_banner_is_shortened_on_the_chart_and_whole_in_the_desc(self):
        what_if = ("--share", "komen=16.32", "--share", "divaca=15.35")
        what_if += tuple(
            arg
            for year in (2026, 2027, 2028, 2029)
            for kind in ("staff", "programme")
            for arg in ("--rate", f"{kind}:{year}=4.25")
        )
        banner = banner_of(*what_if)
        root = parsed(plan_svg(*what_if))
        lines = [line.text or "" for line in banner_texts(root)]
        assert len(lines) == 3 and lines[-1].endswith("…")
        assert len(" ".join(lines)) < len(banner)
        desc = root.find("desc")
        assert desc is not None and (desc.text or "").startswith(banner)

    def test_without_a_scenario_no_banner_and_no_word(self):
        root = parsed(plan_svg())
        assert banner_texts(root) == [] and all(group.get("transform") is None for group in root.iter("g"))
        title = root.find("title")
        assert title is not None and "SCENARIJ" not in (title.text or "")

    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_the_pages_chart_names_it_in_title_and_desc_under_the_pages_banner(self, lang):
        """The page shows the banner above its title; its chart says it to a reader of the chart alone."""
        banner = banner_of("--rate", "2026=5", "--lang", lang)
        page = run("plan", "--rate", "2026=5", "--lang", lang, "-f", "html").stdout
        root = parsed(svg_of(page))
        title, desc = root.find("title"), root.find("desc")
        assert title is not None and SCENARIO_WORD[lang] in (title.text or "")
        assert desc is not None and (desc.text or "").startswith(banner)
        assert banner_texts(root) == []
        assert page.index('<p class="scenario">') < page.index("<svg")


def shot_of(svg: str, folder: Path) -> Path:
    page = folder / "chart.svg"
    page.write_text(svg, encoding="utf-8")
    return screenshot(page, folder, 900, 300)


class TestTheChartRenders:
    """Chromium draws the chart: each series' colour covers many pixels of the plot."""

    def test_the_shipped_plans_chart_draws_every_series(self, tmp_path):
        svg = plan_svg()
        root = parsed(svg)
        assert empty_series(shot_of(svg, tmp_path), 4, plot_right(root)) == []

    def test_the_check_finds_a_chart_whose_bars_are_empty(self, tmp_path):
        """The same check on a chart of zeros, drawn by the same writer, reports every series empty: the
        legend's swatches, outside the plot, do not count."""
        svg = chart([[0, 0], [0, 0], [0, 0]])
        assert empty_series(shot_of(svg, tmp_path), 3, plot_right(parsed(svg))) == list(PALETTE[:3])
        # and a chart with bars passes it
        full = chart([[5, 7], [6, 3], [2, 9]])
        assert empty_series(shot_of(full, tmp_path), 3, plot_right(parsed(full))) == []


class TestTheReadmePicture:
    def test_the_script_makes_a_png_with_the_series_colours(self, tmp_path):
        require_tool("chromium")
        png = tmp_path / "plan_chart.png"
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        env["PLAN_CHART_PNG"] = str(png)
        subprocess.run(["bash", str(ROOT / "docs" / "plan_chart.sh")], check=True, env=env, cwd=tmp_path, timeout=180)
        root = parsed(plan_svg())
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert empty_series(png, 4, plot_right(root)) == []

    def test_the_readme_shows_the_committed_picture_and_names_the_script(self):
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        assert "![" in readme and "(docs/plan_chart.png)" in readme
        assert "docs/plan_chart.sh" in readme
        assert (ROOT / "docs" / "plan_chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


HOSTILE = ['<b>A & "B"</b>', "Občina ']]> C", "D\u00a0E --> F"]


class TestNamesStayText:
    def test_names_that_look_like_markup_are_text_in_the_svg_and_the_page(self, write):
        payers = "".join(
            f"  - {{id: p{n}, name: {json.dumps(name, ensure_ascii=False)}, share: {share}}}\n"
            for n, (name, share) in enumerate(zip(HOSTILE, ("33.33", "33.33", "33.34")))
        )
        text = MINIMAL.replace(
            "  - {id: a, name: Občina A, share: 60.5}\n  - {id: b, name: Občina B, share: 39.5}\n", payers
        )
        path = str(write(text))
        svg = parsed(plan_svg("-s", path))
        page = run("plan", "-s", path, "-f", "html").stdout
        for root in (svg, parsed(svg_of(page))):
            assert legend_texts(root)[:3] == HOSTILE
            desc = root.find("desc")
            assert desc is not None and all(name in (desc.text or "") for name in HOSTILE)
            assert {bar.get("data-series") for bar in bars(root)} == set(HOSTILE)
        assert "<b>" not in page

    def test_a_bar_tells_its_figure_as_the_table_does(self):
        root = parsed(plan_svg())
        first = bars(root)[0]
        title = first.find("title")
        assert title is not None and title.text == "Občina Sežana, 2025: 98.833"
        assert '<td class="num">98.833</td>' in run("plan", "-f", "html").stdout

    def test_a_negative_figure_is_refused(self):
        with pytest.raises(ValueError, match="zero or more"):
            chart([[1, -1]])
