"""Issue 27 item 1: a class deriving from domain.record.Record compares, hashes, shows itself and stays
frozen exactly as the class `@dataclass(frozen=True)` would make of it (its twin here)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from sofin import load, rounding
from sofin.domain import amounts, scenario, table
from sofin.domain.record import Record
from sofin.results import allocate, check, mismatch
from sofin.results.allocate import PayerColumn, Printed, PrintedFigure, Row
from sofin.results.check import Finding, FindingKind
from sofin.results.mismatch import Mismatch

RECORDS = [
    cls
    for module in (amounts, scenario, table, allocate, check, mismatch, load, rounding)
    for cls in vars(module).values()
    if isinstance(cls, type) and issubclass(cls, Record) and cls is not Record and cls.__module__ == module.__name__
]


def twin(cls: type) -> type:
    """The class as `@dataclass(frozen=True)` makes it from the same fields."""
    return dataclasses.make_dataclass(
        cls.__name__, [(each.name, each.type) for each in dataclasses.fields(cls)], frozen=True
    )


def values(instance: object) -> list[object]:
    return [getattr(instance, each.name) for each in dataclasses.fields(instance)]  # type: ignore[arg-type]


ROW = Row(("a",), "A", Decimal("3"), (Decimal(1), Decimal(2)), (Decimal("1.5"), Decimal("1.5")))
EXAMPLES = [
    ROW,
    Row((), "", Decimal(0), (), ()),
    PayerColumn("a", "A", Decimal("50.00")),
    PrintedFigure(("a", "b"), None, Decimal(1), None),
    Printed("x.csv", None, True, (PrintedFigure(("a",), "p", None, Decimal(2)),)),
    Finding(FindingKind.differs, ("a",), "p", Decimal(1), Decimal(2)),
    Mismatch("row_sum", ("a",), None, Decimal(3), Decimal(4)),
]


def test_every_record_is_a_frozen_dataclass_with_its_own_equality():
    assert len(RECORDS) >= 20
    for cls in RECORDS:
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen  # type: ignore[attr-defined]
        assert "__eq__" not in vars(cls) and "__hash__" not in vars(cls) and "__repr__" not in vars(cls)


@pytest.mark.parametrize("record", EXAMPLES, ids=lambda record: type(record).__name__)
def test_a_record_behaves_as_its_dataclass_twin(record):
    cls = twin(type(record))
    made, again = cls(*values(record)), cls(*values(record))
    copy = type(record)(*values(record))
    assert repr(record) == repr(made)
    assert hash(record) == hash(made) == hash(copy)
    assert (record == copy) is (made == again) is True
    assert record != made and made != record  # another class, even with the same fields
    assert record.__eq__(made) is made.__eq__(record) is NotImplemented
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.path = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del record.payer  # type: ignore[misc]
    assert dataclasses.replace(record) == record


def test_a_field_that_differs_makes_records_differ():
    other = dataclasses.replace(ROW, total=Decimal(4))
    assert ROW != other and hash(ROW) != hash(other)
    assert ROW == dataclasses.replace(ROW, total=Decimal("3.0"))  # Decimal's equality, as a tuple compares it


def test_a_record_that_holds_itself_shows_as_its_twin_would():
    row = Row(("a",), "A", Decimal(1), (), ())
    loop: list[object] = []
    holding = Printed("x", None, None, loop)  # type: ignore[arg-type]
    loop.append(holding)
    made = twin(Printed)("x", None, None, [])
    made.figures.append(made)
    assert repr(holding) == repr(made)
    assert repr(row).startswith("Row(path=('a',), label='A', total=Decimal('1')")


@pytest.mark.parametrize("names", [[], ["only"]], ids=["no field", "one field"])
def test_a_record_of_one_field_or_none_compares_and_hashes_as_its_twin(names):
    """attrgetter gives a lone field's value, not a tuple of it: such a record compares by a tuple all the same."""
    fields = [(name, int) for name in names]
    few = dataclasses.make_dataclass("Few", fields, bases=(Record,), frozen=True, eq=False, repr=False)
    made = dataclasses.make_dataclass("Few", fields, frozen=True)
    given = [7] * len(names)
    assert hash(few(*given)) == hash(made(*given))
    assert few(*given) == few(*given) and repr(few(*given)) == repr(made(*given))
