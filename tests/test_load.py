"""Loading a strategy: exact numbers, and every mistake reported with its file, line and column."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sofin.load import bundled_strategy_path, load_strategy_file
from sofin.problems import InputError

from .helpers import MINIMAL, STRATEGY_2025, in_english


def problems_of(path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_strategy_file(path)
    return [in_english(problem) for problem in caught.value.problems]


class TestExactNumbers:
    def test_decimals_are_read_from_the_text_not_through_float(self, write):
        """16.35 must be Decimal('16.35'); through float it would be 16.350000000000001..."""
        strategy = load_strategy_file(write(MINIMAL.replace("60.5", "60.35").replace("39.5", "39.65"))).strategy
        assert [payer.share for payer in strategy.payers] == [Decimal("60.35"), Decimal("39.65")]
        assert all(type(payer.share) is Decimal for payer in strategy.payers)

    def test_line_amount_is_the_sum_of_its_items(self, write):
        """A line given by items only takes their sum as its amount."""
        strategy = load_strategy_file(write(MINIMAL)).strategy
        assert strategy.societies[0].lines[0].total == Decimal(1001)

    def test_year_exceptions_sit_beside_the_default(self, write):
        """{default: 2, 2027: 2.5}: 2.5 % in 2027, 2 % otherwise."""
        rates = load_strategy_file(write(MINIMAL)).strategy.indexation.programme
        assert (rates.for_year(2026).rate, rates.for_year(2027).rate) == (Decimal(2), Decimal("2.5"))


class TestShippedStrategy:
    def test_bundled_copy_is_the_data_file(self):
        """The strategy inside the package is byte for byte data/strategija_2025.yaml."""
        assert bundled_strategy_path().read_bytes() == STRATEGY_2025.read_bytes()

    def test_2025_figures_are_those_of_section_c3(self):
        """Every line amount as printed in points 3.1-3.4, the staff items as listed there."""
        strategy = load_strategy_file(STRATEGY_2025).strategy
        amounts = {(s.id, line.id): line.total for s in strategy.societies for line in s.lines}
        assert amounts == {
            ("po-moc", "staff"): 5047, ("po-moc", "programme"): 6721,
            ("vezi", "staff"): 46968, ("vezi", "programme"): 4568,
            ("rk-sezana", "staff"): 51438, ("rk-sezana", "programme"): 10674,
            ("mdpm-sezana", "staff"): 47169, ("mdpm-sezana", "programme"): 22045,
        }  # fmt: skip
        assert [(p.id, p.share) for p in strategy.payers] == [
            ("sezana", Decimal("50.78")), ("divaca", Decimal("16.35")),
            ("hrpelje-kozina", Decimal("17.55")), ("komen", Decimal("15.32")),
        ]  # fmt: skip
        society_totals = [sum(line.total for line in s.lines) for s in strategy.societies]
        assert society_totals == [11768, 51536, 62112, 69214]  # "Občine bodo v letu 2025 skupno zagotovile ..."


class TestProblems:
    def test_several_mistakes_are_all_reported_with_their_places(self, write):
        """One run names every mistake: syntax-level, type, range, cross-field and duplicates."""
        text = """\
strategy: Test
period: [2025, 2029]
base_year: 2031
currency: EUR
unit: 1
payers:
  - {id: a, name: Občina A, share: 60.5}
  - {id: B, name: Občina B, share: 39.4}
indexation:
  staff: {default: 2}
  programme: {default: yes}
societies:
  - id: s
    name: Društvo S
    short: S
    lines:
      - {id: staff, label: Plače, kind: staff, amount: -5}
      - {id: programme, label: Material, kind: material, amount: 4568.50, colour: red}
  - id: s
    name: Društvo S again
    short: S2
    lines:
      - {id: x, label: X, kind: staff, amount: 1}
    short: S3
"""
        path = write(text)
        assert problems_of(path) == [
            f"{path}:3:12: base_year: base year 2031 is outside the period 2025-2029",
            f"{path}:7:3: payers: shares sum to 99.9, not exactly 100",
            f"{path}:8:10: payers[1].id: 'B' is not a valid id: use lowercase letters, digits, '-' or '_', starting with a letter",
            f"{path}:11:24: indexation.programme.default: must be a number, not yes/no",
            f"{path}:17:56: societies[0].lines[0].amount: must be greater than or equal to 0",
            f"{path}:18:48: societies[0].lines[1].kind: must be one of: staff, programme",
            f"{path}:18:66: societies[0].lines[1].amount: 4568.50 is not a multiple of the rounding unit 1",
            f"{path}:18:75: societies[0].lines[1].colour: unknown field (not part of the schema)",
            f"{path}:19:9: societies[1].id: id 's' is already used by entry 0",
            f"{path}:24:5: societies[1].short: duplicate key 'short' (first given on line 21)",
        ]

    @pytest.mark.parametrize(
        ("change", "expected"),
        [
            (("amount: 333}", "amount: 333, amount: 334}"), "22:91: societies[0].lines[1].amount: duplicate key 'amount' (first given on line 22)"),
            (("share: 60.5}", "share: .nan}"), "7:36: payers[0].share: .nan is not a usable number"),
            (("share: 60.5}", "share: '60.5'}"), "7:36: payers[0].share: must be a number, not '60.5'"),
            (("unit: 1", "unit: 0.5"), "5:7: unit: unit must be 1 (whole euros) or 0.01 (cents), not 0.5"),
            (("id: s\n", "id: s\n    in_kind_by: c\n"), "14:17: societies[0].in_kind_by: 'c' is not a payer id; payers: a, b"),
            (("amount: 1001}", "amount: 1001}\n        amount: 5"), "22:17: societies[0].lines[0].amount: amount 5 differs from the sum of its items 1001"),
            (("      - {id: programme", "      - {id: staff"), "22:14: societies[0].lines[1].id: id 'staff' is already used by entry 0"),
            (("currency: EUR\n", ""), "1:1: currency: required field is missing"),
            (("period: [2025, 2029]", "period: [2029, 2025]"), "2:9: period: the period ends before it starts"),
            (("  staff: {default: 2}", "  staff: {default: 2, later: 3}"), "10:23: indexation.staff.later: unknown field (not part of the schema)"),
        ],
    )  # fmt: skip
    def test_each_mistake_names_its_place(self, write, change, expected):
        """A single mistake gives a single message at the place of the mistake."""
        old, new = change
        assert old in MINIMAL
        path = write(MINIMAL.replace(old, new, 1))
        assert problems_of(path) == [f"{path}:{expected}"]

    @pytest.mark.parametrize(
        ("content", "expected"),
        [
            ("", "1:1: (document): the file is empty"),
            ("- just\n- a list\n", "1:1: (document): a strategy must be a mapping of fields"),
            ("a: [1\nb: 2\n", "2:2: (document): YAML syntax: while parsing a flow sequence expected ',' or ']', but got ':'"),
            ("a:\n\t- 1\n", "2:1: (document): YAML syntax: while scanning for the next token found character '\\t' that cannot start any token (YAML does not allow tabs for indentation; use spaces)"),
            (b"strategy: Ob\xe8ina\n", "1:13: (document): not UTF-8 text (byte 0xe8)"),
            ("a: &x [*x]\n", "1:4: a[0]: an alias refers to a value that contains it"),
            ("a: !!python/object:os.system x\n", "1:4: a: unsupported YAML tag tag:yaml.org,2002:python/object:os.system"),
        ],
    )  # fmt: skip
    def test_unreadable_text_is_located(self, write, content, expected):
        """Text that is not a usable YAML mapping says where it goes wrong."""
        path = write(content)
        assert f"{path}:{expected}" in problems_of(path)

    def test_alias_bomb_is_refused_without_expanding(self, write):
        """'Billion laughs': nested aliases are counted, not expanded without bound."""
        levels = ["a0: [x, x, x, x, x, x, x, x, x, x]"]
        levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
        levels[0] = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"
        path = write("\n".join(levels) + "\n")
        assert any("more than 200,000 values" in problem for problem in problems_of(path))

    @pytest.mark.parametrize(("make", "message"), [("missing", "no such file"), ("folder", "is a folder, not a file")])
    def test_paths_that_are_not_files(self, tmp_path, make, message):
        """A wrong path is a message, not a traceback."""
        path = tmp_path / "nothing.yaml" if make == "missing" else tmp_path
        assert problems_of(path) == [f"{path}: (document): {message}"]


class TestTwoParsers:
    @pytest.mark.parametrize(
        "text",
        [
            STRATEGY_2025.read_text(encoding="utf-8"),
            MINIMAL,
            MINIMAL.replace("share: 60.5}", "share: 60.5, share: 61}"),  # a duplicate key
            "a: &x {b: [1, 2.50, 'Občina']}\nc: *x\nd: |\n  two\n  lines\ne: >-\n  folded\n  text\n",
            "# comment\n\n  - one\n  - {ž: 1e3}\n  - - nested\n    - !!str 7\n",
        ],
    )
    def test_libyaml_and_pyyaml_give_the_same_data_and_marks(self, text, monkeypatch):
        """Files are composed by libyaml where PyYAML has it, else (and for messages) by PyYAML: both agree to the column."""
        from sofin import source

        if getattr(source.yaml, "CSafeLoader", None) is None:
            pytest.skip("this PyYAML was built without libyaml")
        fast = source.parse(text, "f.yaml")
        monkeypatch.delattr(source.yaml, "CSafeLoader")
        assert source.parse(text, "f.yaml") == fast
