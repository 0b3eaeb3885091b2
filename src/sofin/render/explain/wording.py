"""What explain's text and JSON both write: the labels of the explained figure's row (and item), an
approximation's fraction."""

from __future__ import annotations

from sofin.results.explain import Approximation, Explanation


def labels(explanation: Explanation) -> list[str]:
    path = explanation.row.path
    labels = [explanation.allocation.row(path[:depth]).label for depth in range(1, len(path) + 1)]
    return labels if explanation.item is None else [*labels, explanation.item.first.label]


def fraction_text(value: Approximation) -> str:
    return f"{value.fraction.numerator}/{value.fraction.denominator}"
