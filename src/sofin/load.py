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
from sofin.model import Strategy
from sofin.problems import InputError, Message, Problem, field_path
from sofin.source import Document, Marks, decode, input_name, parse, read_bytes
from sofin.strategy_keys import names_written
from sofin.validation import located_problems, rounding_unit

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
