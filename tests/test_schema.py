"""The JSON Schemas in schema/: the strategy file's, as `sofin schema` prints it, and the JSON table's.

Editors validate strategy files against the first as people type; programs that read sofin's JSON
tables can validate them against the second. Both are checked here with the jsonschema library,
on the files sofin ships and writes, and on mistakes each must refuse.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from typing import Any

import jsonschema
import pytest
import yaml

from sofin.problems import InputError

from .helpers import GOLDEN, ROOT, STRATEGY_2025, run, strategy_from_text

SCHEMA = ROOT / "schema"
STRATEGY_SCHEMA = SCHEMA / "strategy.schema.json"
TABLE_SCHEMA = SCHEMA / "table.schema.json"
PUBLISHED_2025 = ROOT / "data" / "published" / "2025.json"


def validator(path) -> jsonschema.protocols.Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def as_json(data: Any) -> Any:
    """YAML data as a JSON document (and an editor) sees it: mapping keys as text (2027: 2.5 is "2027")."""
    return json.loads(json.dumps(data))


def shipped() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(STRATEGY_2025.read_text(encoding="utf-8"))
    return data


def readme_strategy() -> tuple[str, str]:
    """The README's example strategy file and its example of adopted amounts."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The strategy file", 1)[1]
    example, adopted = re.findall(r"```yaml\n(.*?)```", section, flags=re.S)[:2]
    return example, adopted


class TestStrategySchema:
    def test_the_committed_copy_is_what_sofin_schema_prints(self):
        """schema/strategy.schema.json is `sofin schema`'s output, byte for byte (after a change of
        model.py: `sofin schema -o schema/strategy.schema.json`)."""
        result = run("schema")
        assert result.exit_code == 0, result.output
        assert result.stdout == STRATEGY_SCHEMA.read_text(encoding="utf-8")

    def test_same_bytes_on_every_run(self):
        outputs = [
            subprocess.run(
                [sys.executable, "-m", "sofin", "schema"],
                capture_output=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed},
            ).stdout
            for seed in ("1", "2")
        ]  # fmt: skip
        assert outputs[0] == outputs[1] == STRATEGY_SCHEMA.read_bytes()

    def test_writes_the_file_with_output(self, tmp_path):
        target = tmp_path / "strategy.schema.json"
        assert run("schema", "-o", str(target)).exit_code == 0
        assert target.read_bytes() == STRATEGY_SCHEMA.read_bytes()

    def test_is_a_draft_7_schema_that_editors_read(self):
        """YAML language servers validate with JSON Schema draft 7: the schema says so and is valid in it."""
        schema = json.loads(STRATEGY_SCHEMA.read_text(encoding="utf-8"))
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        jsonschema.Draft7Validator.check_schema(schema)
        assert "prefixItems" not in STRATEGY_SCHEMA.read_text(encoding="utf-8")

    def test_numbers_are_numbers(self):
        """Amounts, shares and rates are Decimals inside sofin, but the file writes numbers, never text."""
        text = STRATEGY_SCHEMA.read_text(encoding="utf-8")
        assert '"type": "string"' in text and not re.search(r'"(gt|ge|lt|le)":', text)
        number, by_year = json.loads(text)["$defs"]["Payer"]["properties"]["share"]["oneOf"]
        assert (number["type"], number["exclusiveMinimum"], number["maximum"]) == ("number", 0, 100)
        assert by_year["additionalProperties"] == number

    def test_the_shipped_strategy_names_the_copy_on_its_first_line(self):
        first = STRATEGY_2025.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/strategy.schema.json"
        named = first.split("$schema=", 1)[1]
        assert (STRATEGY_2025.parent / named).resolve() == STRATEGY_SCHEMA.resolve()

    def test_the_shipped_strategy_is_valid(self):
        validator(STRATEGY_SCHEMA).validate(as_json(shipped()))

    def test_the_readme_example_is_valid(self):
        """The README's example is a whole strategy file (shortened texts, one payer); with its adopted amounts too."""
        example, adopted = readme_strategy()
        check = validator(STRATEGY_SCHEMA)
        check.validate(as_json(yaml.safe_load(example)))
        check.validate(as_json(yaml.safe_load(example + adopted)))

    @pytest.mark.parametrize(
        ("mistake", "change"),
        [
            ("a share as text", lambda d: d["payers"][0].update(share="50.78")),
            ("an amount as text", lambda d: d["societies"][0]["lines"][1].update(amount="6721")),
            ("an unknown field", lambda d: d.update(notes="draft")),
            ("an unknown field of a payer", lambda d: d["payers"][0].update(population=12000)),
            ("a unit other than 1 or 0.01", lambda d: d.update(unit=0.5)),
            ("a share of 0", lambda d: d["payers"][0].update(share=0)),
            ("an id in capitals", lambda d: d["societies"][0].update(id="VEZI")),
            ("a line with neither amount nor items", lambda d: d["societies"][0]["lines"][1].pop("amount")),
            ("an unknown cost kind", lambda d: d["societies"][0]["lines"][0].update(kind="rent")),
            ("a rate under a key that is no year", lambda d: d["indexation"]["staff"].update(later=3)),
            ("a period of three years", lambda d: d.update(period=[2025, 2027, 2029])),
            ("a negative amount", lambda d: d["societies"][0]["lines"][1].update(amount=-1)),
            ("an adopted amount by society", lambda d: d.update(adopted={2026: {"vezi": 48210}})),
            ("a missing currency", lambda d: d.pop("currency")),
        ],
    )
    def test_refuses_what_sofin_refuses(self, mistake, change):
        """Each mistake is refused by the schema (as an editor marks it) and by sofin's loader alike."""
        data = copy.deepcopy(shipped())
        change(data)
        errors = list(validator(STRATEGY_SCHEMA).iter_errors(as_json(data)))
        assert errors, f"the schema takes {mistake}"
        with pytest.raises(InputError):
            strategy_from_text(yaml.safe_dump(data, allow_unicode=True))

    def test_rates_by_year_and_adopted_amounts_are_valid(self):
        """The file's own forms: a year's rate beside the default, adopted amounts by line and by item."""
        data = copy.deepcopy(shipped())
        data["indexation"]["programme"][2027] = 2.5
        data["adopted"] = {2026: {"vezi/staff": 48210, "rk-sezana/staff/2": 27600}}
        validator(STRATEGY_SCHEMA).validate(as_json(data))
        strategy_from_text(yaml.safe_dump(data, allow_unicode=True))


class TestTableSchema:
    @pytest.mark.parametrize("path", [GOLDEN / "allocate_2025.json", PUBLISHED_2025], ids=["golden", "published"])
    def test_sofins_json_tables_are_valid(self, path):
        validator(TABLE_SCHEMA).validate(json.loads(path.read_text(encoding="utf-8")))

    @pytest.mark.parametrize("args", [("2027",), ("2029", "--fair")])
    def test_indexed_and_fair_tables_are_valid(self, args):
        """Later years carry indexed parts with their rates; --fair sets fair_period."""
        result = run("allocate", *args, "-f", "json")
        validator(TABLE_SCHEMA).validate(json.loads(result.stdout))

    def test_format_version_leads_the_document(self):
        document = json.loads(run("allocate", "2025", "-f", "json").stdout)
        assert next(iter(document.items())) == ("format_version", 1)

    @pytest.mark.parametrize(
        ("mistake", "change"),
        [
            ("no format_version", lambda d: d.pop("format_version")),
            ("another format_version", lambda d: d.update(format_version=2)),
            ("an amount as a JSON number", lambda d: d["rows"][0]["allocation"].update(sezana=98833)),
            ("a total with a comma", lambda d: d["rows"][0].update(total="194630,00")),
            ("an unknown member", lambda d: d.update(notes="draft")),
            ("a rate on a declared amount", lambda d: d["rows"][2]["parts"][0].update(rate="2")),
            ("a path three deep", lambda d: d["rows"][2].update(path=["po-moc", "staff", "x"])),
        ],
    )
    def test_refuses_what_sofin_never_writes(self, mistake, change):
        document = json.loads((GOLDEN / "allocate_2025.json").read_text(encoding="utf-8"))
        change(document)
        assert list(validator(TABLE_SCHEMA).iter_errors(document)), f"the schema takes {mistake}"

    def test_check_reads_tables_from_before_format_version(self, tmp_path):
        """A table published before format_version existed is still read and checked."""
        document = json.loads(PUBLISHED_2025.read_text(encoding="utf-8"))
        del document["format_version"]
        old = tmp_path / "2025.json"
        old.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
        result = run("check", str(old))
        assert result.exit_code == 0, result.output
