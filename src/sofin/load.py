"""Load and validate a strategy file: YAML text -> exact data -> a validated Strategy."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sofin.domain.record import Record
from sofin.model import (
    KEY_PROBLEM,
    MAPPING,
    MIX_TAG,
    NUMBER,
    YEARS,
    Strategy,
    as_message,
    names_written,
    rounding_unit,
)
from sofin.problems import InputError, Message, Problem, field_path
from sofin.source import Document, Marks, decode, input_name, parse, read_bytes

BUNDLED = "strategija_2025.yaml"


def bundled_strategy_path() -> Path:
    """The 2025 strategy shipped inside the package, usable from any folder.

    Next to this module, as importlib.resources.files("sofin") finds it in a package installed as files (the
    one way sofin is installed: the path is opened as a file), without loading its readers at every start."""
    return Path(__file__).parent / "data" / BUNDLED


STRATEGY_VARIABLE = "SOFIN_STRATEGY"  # names the strategy for a whole session; --strategy wins


def default_strategy_path() -> Path:
    """The strategy a command reads when none is given: $SOFIN_STRATEGY, else the shipped one."""
    named = os.environ.get(STRATEGY_VARIABLE, "")
    return Path(named) if named else bundled_strategy_path()


@dataclass(frozen=True, eq=False, repr=False)
class LoadedStrategy(Record):
    """A validated strategy and the file it came from, fingerprinted for provenance stamps."""

    strategy: Strategy
    path: Path
    sha256: str  # of the file's bytes
    marks: Marks = field(default_factory=Marks)  # where each value is in the text, to locate later problems

    @property
    def name(self) -> str:
        """The file as problems and reports name it."""
        return input_name(self.path)

    def amount_problem(self, path: str, message: Message) -> Problem:
        """A problem with the amount at an amount path (society/line or society/line/N), located in the file."""
        society_id, line_id, *item = path.split("/")
        societies = self.strategy.societies
        s = next(i for i, each in enumerate(societies) if each.id == society_id)
        n = next(i for i, each in enumerate(societies[s].lines) if each.id == line_id)
        loc: tuple[str | int, ...] = ("societies", s, "lines", n, *(("items", int(item[0]) - 1) if item else ()))
        line, column = self.marks.at((*loc, "amount")) or (None, None)  # or the nearest value that has a place
        return Problem(self.name, line, column, field_path((*loc, "amount")), message)

    def adopted_problem(self, year: int, path: str, message: Message) -> Problem:
        """A problem with an adopted amount, located in the file."""
        loc = ("adopted", year, path)
        line, column = self.marks.at(loc) or (None, None)
        return Problem(self.name, line, column, field_path(loc), message)


def load_strategy_file(path: Path | None = None) -> LoadedStrategy:
    path = path or default_strategy_path()
    try:
        raw = read_bytes(path)
    except InputError as error:
        if str(path) != os.environ.get(STRATEGY_VARIABLE, ""):
            raise
        # typer hands $SOFIN_STRATEGY over as if typed: say where the path came from
        raise InputError(
            [
                replace(p, message=Message("named_by", problem=p.message, variable=STRATEGY_VARIABLE))
                for p in error.problems
            ]
        ) from None
    document = parse(decode(raw, input_name(path)), input_name(path))
    return LoadedStrategy(validate(document), path, hashlib.sha256(raw).hexdigest(), document.marks)


def load_strategy(path: Path | None = None) -> Strategy:
    return load_strategy_file(path).strategy


def load_strategy_text(text: str, name: str = "<text>") -> Strategy:
    return validate(parse(text, name))


def validate(document: Document) -> Strategy:
    """The validated strategy, or an InputError with the text's and the schema's problems together."""
    if not isinstance(document.data, dict):
        line, column = document.marks.at(()) or (1, 1)
        problem = Problem(document.path, line, column, "", Message("strategy_not_a_mapping"))
        raise InputError((*document.problems, problem))
    try:
        context = {"unit": _declared_unit(document.data), **names_written(document.data)}
        strategy = Strategy.model_validate(document.data, context=context)
    except ValidationError as error:
        raise InputError((*document.problems, *located_problems(document, error))) from None
    if document.problems:
        raise InputError(document.problems)
    return strategy


def _declared_unit(data: dict[str, Any]) -> Decimal | None:
    unit = data.get("unit")
    if not isinstance(unit, (int, Decimal)) or isinstance(unit, bool):
        return None
    return rounding_unit(Decimal(unit))  # amounts under unit 1.000 are whole: 1.000 is no amount of one


def located_problems(document: Document, error: ValidationError) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        loc = _document_loc(detail["loc"])
        if _already_reported(loc, document.problem_locs):
            continue
        about_key = detail["type"] in ("extra_forbidden", KEY_PROBLEM) or _a_key_name_of_keys(detail["loc"])
        line, column = document.marks.at(loc, prefer_key=about_key) or (None, None)
        problems.append(Problem(document.path, line, column, field_path(loc), as_message(detail)))
    return problems


def _a_key_name_of_keys(loc: tuple[Any, ...]) -> bool:
    # Issue 24: a name in `keys` that is no id (a key's, a payer's, a part's) is shown where it is written.
    # (Pydantic's "[key]" step says it; other mappings keep the place they had.)
    return len(loc) > 1 and loc[0] == "keys" and loc[-1] == "[key]"


def _already_reported(loc: tuple[str | int, ...], reported: frozenset[tuple[str | int, ...]]) -> bool:
    # A value the text itself got wrong (e.g. .nan) reaches validation as None; say it once.
    return any(loc[: len(done)] == done for done in reported)


def _document_loc(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    # Pydantic adds steps that are not in the text: the gathered "year_rates" of Rates, "[key]"
    # markers of dict keys and the tags of a value written one of two ways (model.NUMBER, MAPPING, YEARS, MIX_TAG);
    # drop them so the path matches what the user wrote.
    path: list[str | int] = []
    for part in loc:
        if part in ("year_rates", "[key]", NUMBER, MAPPING, YEARS, MIX_TAG):
            continue
        path.append(part)
    return tuple(path)
