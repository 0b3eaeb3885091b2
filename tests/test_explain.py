"""`sofin explain`: why a figure is what it is, step by step."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from sofin.load import load_strategy_file
from sofin.pipeline import explain_figure

from .helpers import STRATEGY_2025, assert_golden, run


class TestExplain:
    def test_golden(self):
        assert_golden("explain_2027_vezi_staff.txt", run("explain", "2027", "vezi/staff").stdout)

    def test_every_figure_of_2025_no_flip_is_better(self):
        """The optimum's proof, figure by figure: forced the other way, no table has a smaller error."""
        strategy = load_strategy_file(STRATEGY_2025).strategy
        paths = (
            ["/"]
            + [s.id for s in strategy.societies]
            + [f"{s.id}/{line.id}" for s in strategy.societies for line in s.lines]
        )
        for path in paths:
            explanation = explain_figure(None, 2025, path, None)
            for figure in explanation.figures:
                assert figure.half_up == figure.exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)
                assert figure.other is None or figure.flip_cost is None or figure.flip_cost > 0
                # 2025's optimum is unique, so every possible flip costs something

    def test_names_the_naive_figure_and_the_deciding_constraint(self):
        """vezi/staff, Sežana, 2025: 23.850,3504 is rounded up, not half-up to 23.850."""
        text = run("explain", "2025", "vezi/staff", "--payer", "sezana").stdout
        assert "23.850,3504" in text and "zaokroženo: 23.851 (navzgor); pol navzgor bi dalo 23.850" in text
        # Against its remainder in the row and the column: the programme line's row holds the figure the
        # column would round up instead (tests/test_explain_forced.py checks every such claim).
        assert "→ proti ostanku v vrstici in v stolpcu; odloči vrstica „Materialni stroški programa“" in text

    def test_indexation_chain_in_english(self):
        text = run("explain", "2027", "po-moc/programme", "--lang", "en").stdout
        assert "2026       6,855†  = 6,721 × (1 + 2%) = 6,855.42, rounded half-up to 1 (planning rate)" in text

    @pytest.mark.parametrize(("args", "message"), [
        (("2025", "vezi/nope"), "'vezi/nope' is not a row"),
        (("2025", "vezi", "--payer", "trst"), "'trst' is not a payer"),
        (("2030", "vezi"), "outside the strategy's period 2025-2029"),
    ])  # fmt: skip
    def test_bad_input_exits_2(self, args, message):
        result = run("explain", *args, "--lang", "en")
        assert result.exit_code == 2 and message in result.stderr
