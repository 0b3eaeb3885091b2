"""Every JSON document sofin writes names its layout (`format_version`) and has a JSON Schema that ships
in the package (sofin/schemas/, printed by `sofin schema NAME`).

The schemas are written by hand, so each is held here to what sofin writes: the golden JSON files, the
published table, and fresh JSON of every command in the forms a user meets (several years, cents, the
pay law, adopted figures, --fair, what-ifs, tables read back, every kind of check finding). Each
document's format_version is the const of its schema, and the schemas refuse what sofin never writes.
"""

from __future__ import annotations

import copy
import fnmatch
import json
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sofin.cli.schema import SchemaName
from sofin.schema import DOCUMENTS

from .helpers import GOLDEN, ROOT, run
from .helpers.pay_rule import ISSUE_STAFF_LINE

PACKAGED = resources.files("sofin") / "schemas"
COPIES = ROOT / "schema"
PUBLISHED = ROOT / "data" / "published"
COMMANDS = ("table", "plan", "payments", "diff", "check", "explain")  # the issue's list, written out again
# Issue 24: the table of a strategy with keys has a schema of its own, beside format 1's.
SCHEMAS = ("table", "table-v2", "plan", "payments", "diff", "check", "explain")

# Cents, three payers, an adopted rate with its source, an adopted amount, the pay law on an item and a
# society that starts later: the members a document has only in such a strategy.
RICH = (
    """\
strategy: Preskusna strategija s centi
period: [2025, 2028]
base_year: 2025
currency: EUR
unit: 0.01
payers:
  - {id: a, name: Občina A, share: 45.5}
  - {id: b, name: Občina B, share: 30.25}
  - {id: c, name: Občina C, share: 24.25}
indexation:
  staff:
    default: 2
    2026: {rate: 3.1, source: "Temeljna ekonomska izhodišča 2026–2027, oktober 2025"}
  programme: {default: 2.5}
adopted:
  2027:
    vezi/programme: 10500.50
societies:
  - id: vezi
    name: Društvo VEZI
    short: VEZI
    in_kind: Občina A zagotavlja prostore.
    in_kind_by: a
    lines:
"""
    + ISSUE_STAFF_LINE
    + """\
      - {id: programme, label: Materialni stroški programa, kind: programme, amount: 10000.10}
  - id: nova
    name: Društvo NOVA
    short: NOVA
    from: 2026
    lines:
      - {id: programme, label: Program, kind: programme, amount: 3333.33}
"""
)


def schema(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((PACKAGED / f"{name}.schema.json").read_text(encoding="utf-8"))
    return document


def validator(name: str) -> jsonschema.protocols.Validator:
    document = schema(name)
    cls = jsonschema.validators.validator_for(document)
    cls.check_schema(document)
    return cls(document)


def errors(name: str, document: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator(name).iter_errors(document)
    ]


def assert_valid(name: str, document: dict[str, Any]) -> None:
    """Valid against its schema, led by the format_version its schema names."""
    problems = errors(name, document)
    assert not problems, "\n".join(problems[:10])
    assert next(iter(document)) == "format_version"
    assert document["format_version"] == schema(name)["properties"]["format_version"]["const"]


def output(*args: str) -> dict[str, Any]:
    result = run(*args, "-f", "json")
    assert result.exit_code in (0, 1), result.output  # check: 1 when the table does not reconcile
    document: dict[str, Any] = json.loads(result.stdout)
    return document


@pytest.fixture
def rich(write) -> str:
    return str(write(RICH, "rich.yaml"))


class TestTheSchemas:
    def test_every_command_has_one_in_the_package_and_the_command_line_offers_it(self):
        packaged = {item.name for item in PACKAGED.iterdir() if item.name.endswith(".schema.json")}
        assert packaged == {f"{name}.schema.json" for name in SCHEMAS}
        assert set(DOCUMENTS) == set(SCHEMAS) >= set(COMMANDS)
        assert [name.value for name in SchemaName] == ["strategy", *SCHEMAS]

    def test_the_package_data_takes_them_into_the_wheel(self):
        """pyproject's package-data names the schema files, so that an installed sofin has them."""
        pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        patterns = pyproject["tool"]["setuptools"]["package-data"]["sofin"]
        for name in SCHEMAS:
            assert any(fnmatch.fnmatch(f"schemas/{name}.schema.json", pattern) for pattern in patterns), name

    @pytest.mark.parametrize("name", SCHEMAS)
    def test_is_a_draft_7_schema_exact_about_members(self, name):
        document = schema(name)
        assert document["$schema"] == "http://json-schema.org/draft-07/schema#"
        jsonschema.Draft7Validator.check_schema(document)
        assert document["type"] == "object" and document["additionalProperties"] is False
        assert document["required"][0] == "format_version" and list(document["properties"])[0] == "format_version"
        assert isinstance(document["properties"]["format_version"]["const"], int)
        # Every object the schema describes member by member says which members are required and
        # takes no others.
        for where, part in _objects(document):
            assert part.get("additionalProperties") is False, where
            assert set(part.get("required", ())) <= set(part["properties"]), where

    @pytest.mark.parametrize("name", SCHEMAS)
    def test_the_table_format_version_and_the_renderers_agree_with_the_schemas(self, name):
        from sofin.domain.table import FORMAT_VERSION, KEYS_FORMAT_VERSION
        from sofin.render import json_parts as render_json

        tables = {"table": FORMAT_VERSION, "table-v2": KEYS_FORMAT_VERSION}
        version = tables[name] if name in tables else getattr(render_json, f"{name.upper()}_FORMAT_VERSION")
        assert schema(name)["properties"]["format_version"]["const"] == version

    @pytest.mark.parametrize("name", ["strategy", *SCHEMAS])
    def test_the_repository_copy_is_what_sofin_schema_prints(self, name):
        """schema/NAME.schema.json, where README and editors point, is `sofin schema NAME`'s output byte for
        byte (after a change: `sofin schema NAME -o schema/NAME.schema.json`)."""
        result = run("schema", name)
        assert result.exit_code == 0, result.output
        assert result.stdout == (COPIES / f"{name}.schema.json").read_text(encoding="utf-8")
        if name != "strategy":
            assert result.stdout == (PACKAGED / f"{name}.schema.json").read_text(encoding="utf-8")

    def test_the_repository_has_a_copy_of_each_and_nothing_else(self):
        assert {path.name for path in COPIES.iterdir()} == {f"{name}.schema.json" for name in ["strategy", *SCHEMAS]}

    def test_bare_schema_is_still_the_strategy_files(self):
        bare, named = run("schema"), run("schema", "strategy")
        assert bare.exit_code == named.exit_code == 0
        assert bare.stdout == named.stdout == (COPIES / "strategy.schema.json").read_text(encoding="utf-8")
        assert json.loads(bare.stdout)["$defs"]["Payer"]  # the model's schema, not a document's

    def test_output_writes_the_named_schema(self, tmp_path):
        target = tmp_path / "plan.schema.json"
        result = run("schema", "plan", "-o", str(target))
        assert result.exit_code == 0, result.output
        assert target.read_bytes() == (COPIES / "plan.schema.json").read_bytes()

    @pytest.mark.parametrize("name", ["tables", "Plan", "strategy.schema.json", ""])
    def test_an_unknown_name_is_refused_naming_the_valid_ones(self, name):
        result = run("schema", name)
        assert result.exit_code == 2 and result.stdout == ""
        said = result.stderr.splitlines()[0]  # the command line's problem, in the word catalogue's words
        listed = said.rsplit(": ", 1)[-1].split(", ")  # … Vrednosti: strategy, table, plan, …
        assert listed == ["strategy", *SCHEMAS], said


def test_readme_names_each_documents_schema_and_format_version():
    """Where README describes a command's JSON, it names the schema to validate it with."""
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())  # README wraps its lines
    for name in SCHEMAS:
        assert f"`sofin schema {name}`" in readme, name
    # The paragraphs on diff's, plan's (with payments' and check's) and explain's JSON:
    assert readme.count('`"format_version": 1`') >= 3


def _objects(node: Any, where: str = "#") -> list[tuple[str, dict[str, Any]]]:
    """Every subschema that lists its members (`properties`) as a type of its own, not as a condition."""
    found = []
    if isinstance(node, dict):
        if "properties" in node and node.get("type") == "object":
            found.append((where, node))
        for key, value in node.items():
            found += _objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _objects(value, f"{where}/{index}")
    return found


def _schema_of(path: Path) -> str:
    """A golden's command is the first word of its name after `pay_`: allocate writes tables."""
    command = path.name.removeprefix("pay_").split("_")[0].split(".")[0]
    return "table" if command == "allocate" else command


GOLDEN_JSON = sorted(GOLDEN.glob("*.json"))


class TestGoldens:
    def test_there_are_goldens_to_validate(self):
        assert {_schema_of(path) for path in GOLDEN_JSON} >= {"table", "plan", "diff", "explain"}

    @pytest.mark.parametrize("path", GOLDEN_JSON, ids=[path.name for path in GOLDEN_JSON])
    def test_every_golden_is_valid(self, path):
        name = _schema_of(path)
        assert name in COMMANDS, f"{path.name}: no schema for its command"
        document = json.loads(path.read_text(encoding="utf-8"))
        assert_valid("table-v2" if name == "table" and document["format_version"] == 2 else name, document)

    @pytest.mark.parametrize("path", sorted(PUBLISHED.glob("*.json")), ids=lambda path: path.name)
    def test_every_published_table_is_valid(self, path):
        assert_valid("table", json.loads(path.read_text(encoding="utf-8")))


SHIPPED: list[tuple[str, ...]] = [
    ("allocate", "2025"),
    ("allocate", "2027"),
    ("allocate", "2029", "--fair"),
    ("allocate", "2027", "--share", "komen=16.32", "--share", "divaca=15.35", "--rate", "staff:2027=3.5"),
    ("plan",),
    ("plan", "--fair"),
    ("plan", "--rate", "2027=3.5"),
    ("payments", "2025", "--payer", "komen"),
    ("payments", "2026", "--payer", "sezana", "--schedule", "quarterly"),
    ("payments", "2029", "--payer", "divaca", "--schedule", "annual", "--fair"),
    ("payments", "2027", "--payer", "komen", "--share", "komen=16.32", "--share", "divaca=15.35"),
    ("diff", "2025", "2026"),
    ("diff", "2028", "2029", "--fair"),
    ("diff", "2027", "2027", "--share", "komen=16.32", "--share", "divaca=15.35"),
    ("diff", str(PUBLISHED / "2025.json"), "2026"),
    ("diff", str(PUBLISHED / "strategija_2025_section4.csv"), "2025"),
    ("check", str(PUBLISHED / "2025.json")),
    ("check", str(PUBLISHED / "2025.csv"), "--year", "2025"),
    ("check", str(PUBLISHED / "strategija_2025_section4.csv")),
    ("check", str(PUBLISHED / "2025.json"), "--year", "2026"),
    ("check", str(PUBLISHED / "2025.json"), "--year", "2025", "--share", "komen=16.32", "--share", "divaca=15.35"),
    ("explain", "2025", "/"),
    ("explain", "2026", "vezi"),
    ("explain", "2027", "vezi/staff"),
    ("explain", "2027", "vezi/staff/1", "--payer", "komen"),
    ("explain", "2029", "rk-sezana/programme", "--fair"),
    ("explain", "2027", "vezi/staff", "--rate", "2027=3.5"),
]
WITH_RICH: list[tuple[str, ...]] = [
    ("allocate", "2026"),
    ("allocate", "2027"),
    ("allocate", "2028", "--fair"),
    ("allocate", "2027", "--pay", "vezi/staff/1=2200:2700"),
    ("plan",),
    ("plan", "--fair", "--pay", "vezi/staff/1=2200:2700"),
    ("payments", "2027", "--payer", "b"),
    ("payments", "2028", "--payer", "c", "--schedule", "quarterly"),
    ("diff", "2025", "2026"),
    ("diff", "2026", "2027"),
    ("diff", "2027", "2027", "--pay", "vezi/staff/1=2200:2700"),
    ("explain", "2027", "vezi/staff/1"),
    ("explain", "2028", "vezi/staff"),
    ("explain", "2027", "vezi/programme", "--payer", "c"),
    ("explain", "2026", "/"),
]


def _id(args: tuple[str, ...]) -> str:
    return " ".join(arg.removeprefix(f"{ROOT}/") for arg in args)


def _name(command: str) -> str:
    return "table" if command == "allocate" else command


class TestFreshDocuments:
    @pytest.mark.parametrize("args", SHIPPED, ids=_id)
    def test_on_the_shipped_strategy(self, args):
        assert_valid(_name(args[0]), output(*args))

    @pytest.mark.parametrize("args", WITH_RICH, ids=_id)
    def test_in_cents_with_the_pay_law_adopted_figures_and_a_later_society(self, rich, args):
        assert_valid(_name(args[0]), output(*args, "--strategy", rich))

    def test_the_rich_strategy_reaches_the_members_it_is_for(self, rich):
        """The cases above do meet cents, a pay step, an adopted rate's source, in-kind footnotes and null
        figures: were the strategy to lose them, the documents would be valid for want of them."""
        table = output("allocate", "2027", "--strategy", rich)
        parts = [part for row in table["rows"] for part in row.get("parts", ())]
        assert table["unit"] == "0.01" and table["footnotes"] and any("pay" in part for part in parts)
        parts = [
            part for row in output("allocate", "2026", "--strategy", rich)["rows"] for part in row.get("parts", ())
        ]
        assert any(part.get("rate_basis") == "adopted" and part["rate_source"] for part in parts)
        plan = output("plan", "--strategy", rich)
        assert plan["societies"][1]["figures"]["2025"] is None and "pay_law" in plan
        explained = output("explain", "2027", "vezi/staff/1", "--strategy", rich)
        assert explained["items"][0]["years"][-1]["pay_law"] is not None

    def test_a_table_written_and_read_back_diffs_and_checks_valid(self, rich, tmp_path):
        """A table sofin wrote, read back by diff and check, with a row removed: added and removed rows."""
        table = output("allocate", "2027", "--strategy", rich)
        table["rows"] = [row for row in table["rows"] if row["path"][:1] != ["nova"]]
        path = tmp_path / "2027.json"
        path.write_text(json.dumps(table, ensure_ascii=False, indent=2), encoding="utf-8")
        diffed = output("diff", str(path), "2028", "--strategy", rich)
        assert_valid("diff", diffed)
        assert {"added"} <= {cause for row in diffed["rows"] for cause in row["causes"]}
        checked = output("check", str(path), "--strategy", rich, "--year", "2027")
        assert_valid("check", checked)
        assert "missing_row" in {finding["kind"] for finding in checked["findings"]}


def _set(document: dict[str, Any], row: int, payer: str, value: str) -> None:
    document["rows"][row]["allocation"][payer] = value


# A published table changed so that check finds each kind of finding, by what the table says.
FINDINGS: dict[str, tuple[Callable[[dict[str, Any]], None], tuple[str, ...]]] = {
    "key_sum": (lambda d: d["payers"][0].update(share="50.79"), ()),
    "off_grid": (lambda d: _set(d, 2, "komen", "773.5"), ()),
    "row_sum": (lambda d: _set(d, 2, "komen", "774"), ()),
    "parent_sum": (lambda d: d["rows"][1].update(total="11769"), ()),
    "off_key": (lambda d: (_set(d, 2, "komen", "780"), _set(d, 2, "sezana", "2556")), ()),
    "differs": (lambda d: None, ("--year", "2026")),
    "missing_row": (
        lambda d: d.update(rows=[row for row in d["rows"] if row["path"] != ["vezi", "programme"]]),
        ("--year", "2025"),
    ),
    "extra_row": (
        lambda d: d["rows"].append({**d["rows"][2], "path": ["po-moc", "rent"], "label": "Najemnina"}),
        ("--year", "2025"),
    ),
    "stamp": (lambda d: d["provenance"].update(sofin_version="0.0.1"), ("--year", "2025")),
}


class TestEveryFindingOfCheck:
    @pytest.mark.parametrize("kind", FINDINGS)
    def test_is_valid(self, kind, tmp_path):
        change, options = FINDINGS[kind]
        document = json.loads((PUBLISHED / "2025.json").read_text(encoding="utf-8"))
        change(document)
        path = tmp_path / "t.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        report = output("check", str(path), *options)
        assert kind in {finding["kind"] for finding in report["findings"]}
        assert_valid("check", report)

    def test_thousands_in_a_csv_is_valid(self, tmp_path):
        text = (PUBLISHED / "2025.csv").read_text(encoding="utf-8").replace(",11768,", ',"11.768",', 1)
        path = tmp_path / "t.csv"
        path.write_text(text, encoding="utf-8")
        report = output("check", str(path))
        assert "thousands" in {finding["kind"] for finding in report["findings"]}
        assert_valid("check", report)


def _first(findings: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    return next(finding for finding in findings if finding["kind"] == kind)


# What sofin never writes, each schema must refuse: changes to a fresh document of its command.
MONTHLY = ("payments", "2025", "--payer", "komen")
ANNUAL = (*MONTHLY, "--schedule", "annual")
DIFF = ("diff", "2025", "2026")
SECTION4 = ("check", str(PUBLISHED / "strategija_2025_section4.csv"))
EXPLAIN = ("explain", "2027", "vezi/staff")
MUTATIONS: list[tuple[str, tuple[str, ...], str, Callable[[dict[str, Any]], None]]] = [
    (
        "table",
        ("allocate", "2025"),
        "an amount as a JSON number",
        lambda d: d["rows"][0]["allocation"].update(komen=29817),
    ),
    ("plan", ("plan",), "no format_version", lambda d: d.pop("format_version")),
    ("plan", ("plan",), "another format_version", lambda d: d.update(format_version=2)),
    ("plan", ("plan",), "a figure as a JSON number", lambda d: d["societies"][0]["figures"].update({"2025": 11768})),
    ("plan", ("plan",), "a year's key that is no year", lambda d: d["projected"].update(later=True)),
    ("plan", ("plan",), "an unknown member", lambda d: d.update(notes="draft")),
    ("plan", ("plan",), "the total without its period_total", lambda d: d["total"].pop("period_total")),
    ("payments", MONTHLY, "a month missing", lambda d: d["total"]["instalments"].pop("12")),
    ("payments", MONTHLY, "a quarter in a monthly schedule", lambda d: d["contracts"][0]["instalments"].update(q1="1")),
    ("payments", ANNUAL, "an annual schedule paid monthly", lambda d: d["total"]["instalments"].update({"01": "1"})),
    ("payments", MONTHLY, "an unknown schedule", lambda d: d.update(schedule="weekly")),
    ("payments", MONTHLY, "a decimal comma", lambda d: d["total"]["instalments"].update({"01": "2484,00"})),
    ("diff", DIFF, "an unknown cause", lambda d: d["rows"][0].update(causes=["inflation"])),
    ("diff", DIFF, "a percent as a JSON number", lambda d: d["rows"][0]["figures"]["komen"].update(percent=2.0)),
    ("diff", DIFF, "a side without its year", lambda d: d["before"].pop("year")),
    ("diff", DIFF, "a path three deep", lambda d: d["rows"][2].update(path=["po-moc", "staff", "x"])),
    ("check", SECTION4, "an unknown kind", lambda d: d["findings"][0].update(kind="typo")),
    (
        "check",
        SECTION4,
        "a row_sum with nothing expected",
        lambda d: _first(d["findings"], "row_sum").update(expected=None),
    ),
    ("check", SECTION4, "a figure as a JSON number", lambda d: d["findings"][0].update(found=2065)),
    ("check", SECTION4, "findings in one reconciling", lambda d: d.update(reconciles=True)),
    (
        "check",
        ("check", str(PUBLISHED / "2025.json")),
        "none in a table not reconciling",
        lambda d: d.update(reconciles=False),
    ),
    ("explain", EXPLAIN, "an unknown direction", lambda d: d["figures"][0].update(direction="sideways")),
    ("explain", EXPLAIN, "a rank of 0", lambda d: d["figures"][0]["constraints"]["row"].update(rank=0)),
    ("explain", EXPLAIN, "an amount with a thousands point", lambda d: d["row"].update(total="48.865")),
    ("explain", EXPLAIN, "a year without its ends_law", lambda d: d["items"][0]["years"][0].pop("ends_law")),
]


class TestTheSchemasRefuse:
    @pytest.mark.parametrize(
        ("name", "args", "mistake", "change"), MUTATIONS, ids=[f"{m[0]}: {m[2]}" for m in MUTATIONS]
    )
    def test_what_sofin_never_writes(self, name, args, mistake, change):
        document = output(*args)
        assert_valid(name, document)  # as written, then changed
        changed = copy.deepcopy(document)
        change(changed)
        assert changed != document
        assert errors(name, changed), f"the {name} schema takes {mistake}"

    @pytest.mark.parametrize("name", COMMANDS)
    def test_a_document_of_another_command(self, name):
        """Each schema refuses the other commands' documents: the layouts are told apart."""
        documents = {
            "table": output("allocate", "2025"),
            "plan": output("plan"),
            "payments": output("payments", "2025", "--payer", "komen"),
            "diff": output("diff", "2025", "2026"),
            "check": output("check", str(PUBLISHED / "2025.json")),
            "explain": output("explain", "2025", "vezi"),
        }
        for other, document in documents.items():
            assert bool(errors(name, document)) == (other != name), other
