"""Issue 26 item 1: `sofin plan -f html`, the plan as a printable A4 page with its chart; and the body that
`sofin report` joins (`plan_html_body`, `PLAN_STYLE`)."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import Path

import pytest

from sofin.pipeline import plan_period
from sofin.render import PlanFormat
from sofin.render.plan.html import PLAN_STYLE, plan_html_body
from sofin.words import Language, catalogue

from .helpers import STRATEGY_2025, assert_golden, run
from .helpers.browser import pdf_pages, pdf_text, print_to_pdf
from .helpers.svg_chart import (
    ADOPTED_2026,
    MANY_PAYERS,
    assert_proportional,
    bars,
    legend_texts,
    parsed,
    plan_json,
    svg_of,
)

A4_PORTRAIT = (595, 842)


def plan_html(*args: str) -> str:
    result = run("plan", "-f", "html", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def table_figures(page: str) -> list[str]:
    """Every figure in the page's tables, as people read it."""
    return [html.unescape(cell) for cell in re.findall(r'<td class="num">([^<]*)</td>', page)]


class TestThePage:
    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_golden_and_same_bytes(self, lang):
        page = plan_html("--lang", lang)
        assert page == plan_html("--lang", lang)
        assert_golden(f"plan_{lang}.html", page)

    def test_the_chart_is_inline_svg_with_title_desc_and_every_municipality(self):
        page = plan_html()
        assert page.startswith("<!DOCTYPE html>") and "@page { size: A4; margin: 15mm; }" in page
        assert '<figure class="chart">\n<svg ' in page
        root = parsed(svg_of(page))
        title, desc = root.find("title"), root.find("desc")
        assert title is not None and desc is not None and title.text and desc.text
        legend = legend_texts(root)
        for payer in plan_json()["payers"]:  # type: ignore[attr-defined]
            assert payer["label"] in desc.text and payer["label"] in legend
        assert_proportional(root)

    @pytest.mark.parametrize("many", [False, True])
    def test_the_tables_hold_the_charts_figures(self, write, many):
        """Each bar's figure is in a table, in its row and year's column: a municipality's in the municipalities'
        table; with many, the group's in the table of the group under it, whose period total is its members'."""
        args = ("-s", str(write(MANY_PAYERS))) if many else ()
        page = plan_html(*args)
        root = parsed(svg_of(page))
        tables = re.findall(r'<table class="period">.*?</table>', page, flags=re.S)
        municipalities = tables[1]
        assert "Občina</th>" in municipalities and "<caption>" not in municipalities
        group_caption = f"<caption>{html.escape(catalogue(Language.sl).plan.xlsx_chart_group)}</caption>"
        groups = [table for table in tables if group_caption in table]
        assert len(groups) == int(many) and (not many or tables[2] == groups[0])
        row = r'<tr><th scope="row">([^<]*)</th>((?:<td class="num">[^<]*</td>)+)</tr>'
        rows = dict(re.findall(row, municipalities + "".join(groups)))
        years = plan_json(*args)["years"]
        for bar in bars(root):
            label = html.unescape(bar.get("data-series", ""))
            cells = re.findall(r'<td class="num">([^<]*)</td>', rows[html.escape(label)])
            figure = cells[years.index(int(bar.get("data-year", "")))]  # type: ignore[attr-defined]
            assert Decimal(figure.replace(".", "")) == Decimal(bar.get("data-value", ""))
        if many:
            payers = plan_json(*args)["payers"]
            named = {html.unescape(label) for label in rows} - {"Druge občine (25)"}
            assert len(named) == 30 and rows.keys() >= {"Druge občine (25)"}
            drawn = {bar.get("data-series") for bar in bars(root)}
            others = [payer for payer in payers if payer["label"] not in drawn]  # type: ignore[attr-defined]
            assert len(others) == 25
            rest = sum(Decimal(payer["period_total"]) for payer in others)
            total = re.findall(r'<td class="num">([^<]*)</td>', rows["Druge občine (25)"])[-1]
            assert Decimal(total.replace(".", "")) == rest

    def test_the_groups_table_in_english(self, write):
        page = plan_html("-s", str(write(MANY_PAYERS)), "--lang", "en")
        caption = catalogue(Language.en).plan.xlsx_chart_group
        assert f"<caption>{html.escape(caption)}</caption>" in page
        assert '<tr><th scope="row">Other municipalities (25)</th>' in page

    def test_projected_years_are_marked_in_the_tables_and_the_chart(self, write):
        page = plan_html("-s", str(write(ADOPTED_2026)))
        assert '<th scope="col">2026</th>' in page and '<th scope="col">2027 †</th>' in page
        styles = {(bar.get("data-year"), bar.get("data-projected")) for bar in bars(parsed(svg_of(page)))}
        assert styles == {("2025", "false"), ("2026", "false"), ("2027", "true"), ("2028", "true"), ("2029", "true")}

    def test_a_scenario_has_its_banner_above_the_title(self):
        page = plan_html("--rate", "staff:2027=3")
        banner = page.index('<p class="scenario">')
        assert banner < page.index("<h1>") < page.index("<figure")

    def test_no_script_no_link_no_external_url(self):
        for page in (plan_html(), plan_html("--lang", "en")):
            assert "<script" not in page.lower()
            assert not re.search(r"https?:", page)
            assert re.findall(r"url\(([^)]*)\)", page) and all(
                url.startswith("#") for url in re.findall(r"url\(([^)]*)\)", page)
            )

    def test_the_file_name_chooses_html(self, tmp_path):
        target = tmp_path / "nacrt.html"
        assert run("plan", "-o", str(target)).exit_code == 0
        assert target.read_text(encoding="utf-8") == plan_html()


class TestTheBody:
    def test_a_body_for_the_report(self):
        plan = plan_period(STRATEGY_2025, False)
        body = plan_html_body(plan, Language.sl, heading="h2")
        assert body.startswith("<h2>Načrt sofinanciranja društev 2025–2029 (v EUR)</h2>\n")
        assert "<html" not in body and "<style" not in body and "scenario" not in body
        assert '<figure class="chart">' in body and '<div class="notes">' in body
        assert plan_html_body(plan, Language.sl) in plan_html()
        assert PLAN_STYLE in plan_html() and "break-inside: avoid" in PLAN_STYLE


class TestTheCode:
    def test_the_page_builds_its_document_once(self, monkeypatch):
        import sofin.render.plan.html as module
        from sofin.render.plan import render_plan

        built = []
        real = module.plan_document
        monkeypatch.setattr(module, "plan_document", lambda *args: built.append(args) or real(*args))
        page = render_plan(plan_period(STRATEGY_2025, False), PlanFormat.html)
        assert len(built) == 1 and isinstance(page, str) and "<svg" in page

    def test_the_light_modules_are_imported_at_the_top(self):
        """As render/payments.py does: only heavy ones (rich, xlsxwriter) wait for the format that needs them."""
        import ast

        import sofin.render.plan.html as module

        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        inner = {
            node.module
            for function in ast.walk(tree)
            if isinstance(function, ast.FunctionDef)
            for node in ast.walk(function)
            if isinstance(node, ast.ImportFrom)
        }
        assert not inner & {"html", "sofin.render.page", "sofin.render.plan.chart", "sofin.render.plan.svg"}


class TestPrinted:
    @pytest.mark.parametrize("lang", ["sl", "en"])
    def test_the_shipped_plan_prints_on_one_a4_page_with_every_figure(self, tmp_path, lang):
        page = tmp_path / "nacrt.html"
        page.write_text(plan_html("--lang", lang), encoding="utf-8")
        pdf = print_to_pdf(page, tmp_path)
        assert pdf_pages(pdf) == (1, A4_PORTRAIT)
        text = pdf_text(pdf)
        figures = table_figures(page.read_text(encoding="utf-8"))
        assert len(figures) == 30 + 30 + 20  # societies and municipalities (a row each and the total), rounding
        for figure in figures:
            assert figure in text, figure

    def test_a_plan_of_thirty_payers_flows_onto_more_pages(self, tmp_path, write):
        page = tmp_path / "nacrt.html"
        page.write_text(plan_html("-s", str(write(MANY_PAYERS))), encoding="utf-8")
        pdf = print_to_pdf(page, tmp_path)
        pages, size = pdf_pages(pdf)
        assert pages > 1 and size == A4_PORTRAIT
        text = pdf_text(pdf)
        for number in range(30):
            assert f"Občina {number:02}" in text
        assert "Druge občine (25)" in text


class TestEverySection:
    def test_the_pay_laws_effect_and_a_key_that_changes_have_their_tables(self, write):
        from .test_pay_outputs import PAY_STRATEGY

        changing = PAY_STRATEGY.replace("share: 60}", "share: {2025: 60, 2027: 55}}").replace(
            "share: 40}", "share: {2025: 40, 2027: 45}}"
        )
        assert changing != PAY_STRATEGY
        page = plan_html("-s", str(write(changing)))
        words = catalogue(Language.sl)
        captions = re.findall(r"<caption>([^<]*)</caption>", page)
        assert captions == [words.plan.pay_effect, words.allocate.key, words.plan.rounding]
        assert '<th scope="col">Ključ od 2025</th><th scope="col">Ključ od 2027</th>' in page
        assert_proportional(parsed(svg_of(page)))
