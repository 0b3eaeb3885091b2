"""`sofin diff`'s words, which its text, its Markdown and the council's report share: each changed row's
causes, the banners, the keys' lines, the title, the marks' footnote, the sides that do not add up, a row's name."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sofin.render.banner import banner_line
from sofin.render.diff.figures import amount_text
from sofin.render.json_parts import ratio_text
from sofin.render.numbers import as_percent, local_decimal
from sofin.render.projection import basis_text, projection_footnote
from sofin.words import Language, catalogue, row_label

if TYPE_CHECKING:
    from sofin.results.diff import AmountNote, Diff, RowChange


def cause_text(diff: Diff, row: RowChange, lang: Language) -> str:
    """The causes of a row's changes in words: `znesek (indeksacija 2 %)`, `zaokroževanje: ...`."""
    return "; ".join(cause_texts(diff, row, lang))


def cause_texts(diff: Diff, row: RowChange, lang: Language) -> list[str]:
    """Each cause of a row's changes in words; `unreconciled` names the sides that do not add up."""
    words = catalogue(lang).diff
    texts = []
    for cause in row.causes:
        text = words.causes[cause]
        if cause in ("amount", "pay_law"):
            text += f" ({_amount_detail(diff, row, cause == 'pay_law', lang)})"
        if cause == "unreconciled":
            text = _unreconciled(diff, lang)
        detail = _key_detail(diff, row, lang) if cause == "key" else None
        texts.append(text if detail is None else f"{text} ({detail})")
    return texts


def _key_detail(diff: Diff, row: RowChange, lang: Language) -> str | None:
    """Issue 24: which key a line's figures changed by: another key, or its own key's percents; None for a
    total, a table without keys of its own, or a payer in one side only."""
    words = catalogue(lang).keys_explain
    if row.key_before is None or row.key_after is None:
        return None
    if row.key_before != row.key_after:
        return words.key_renamed.format(before=row.key_before, after=row.key_after)
    return words.key_percents.format(key=row.key_after) if row.key_after in diff.changed_keys else None


# Review of issue 24, finding 5: with keys of their own, the head names each key that changed (`default`: the
# payers' shares), and each line whose key is another; it says the keys are unchanged only when no row
# changed by a key.


def _keys_head(diff: Diff, lang: Language) -> list[str]:
    """What changed in the keys of tables that name keys of their own: `default`'s percents (the payers'
    shares), the named keys' percents, the lines split by another key; else that they did not."""
    words = catalogue(lang).keys_explain
    lines = [
        words.default_key_changed.format(
            name=change.name, before=_share(change.before, lang), after=_share(change.after, lang)
        )
        for change in diff.key_changes
    ]
    lines += [
        words.key_percent_changed.format(
            key=change.key, name=change.name, before=_share(change.before, lang), after=_share(change.after, lang)
        )
        for change in diff.key_percent_changes
    ]
    lines += [
        words.line_key_changed.format(line=row_name(diff, row.path, lang), before=row.key_before, after=row.key_after)
        for row in diff.rows
        if row.key_before is not None and row.key_after is not None and row.key_before != row.key_after
    ]
    if lines:
        return lines
    if any("key" in row.causes for row in diff.rows):
        return [words.keys_changed]
    percents_known = diff.before.keys is not None and diff.after.keys is not None
    return [words.keys_same if percents_known else words.line_keys_same]


def _unreconciled(diff: Diff, lang: Language) -> str:
    """Not rounding: the side that does not add up, or both, in the language's dual or plural."""
    words = catalogue(lang).diff
    sides = [side for side in (diff.before, diff.after) if not side.reconciles]
    if len(sides) == 2 and sides[0].name != sides[1].name:
        return words.unreconciled_both.format(before=sides[0].name, after=sides[1].name)
    return words.causes["unreconciled"].format(name=sides[0].name)


def _amount_detail(diff: Diff, row: RowChange, by_law: bool, lang: Language) -> str:
    """How a changed amount came about: the pay law's steps (`by_law`), or the other changes of the line's parts."""
    words = catalogue(lang).diff
    notes = [note for note in row.amount_notes if note.by_pay_law == by_law]
    if notes:
        texts = dict.fromkeys(_pay_text(note, lang) if by_law else _source_text(note, lang) for note in notes)
        if by_law and len(texts) > 1:  # the items' own factors: each named by its path
            return "; ".join(f"{note.path}: {_pay_text(note, lang)}" for note in notes)
        return ", ".join(texts)
    if diff.children(row.path):
        return words.lines_sum
    before, after = (amount_text(total, diff.unit, lang) for total in (row.total_before, row.total_after))
    return f"{before} → {after}"


PEOPLE_FACTOR_PLACES = 6  # the factor's decimals for people: enough to tell a year's tranches apart


def _pay_text(note: AmountNote, lang: Language) -> str:
    """How the pay law moved the amount: its schedule, the factor f(Y) / f(Y-1), then the rate and what it rests on."""
    words = catalogue(lang).diff
    assert note.pay is not None
    factor = ratio_text(note.pay.year_pay, note.pay.previous_year_pay, PEOPLE_FACTOR_PLACES)
    factor = local_decimal(Decimal(factor).normalize(), lang)
    rate = local_decimal(note.rate.normalize(), lang) if note.rate is not None else ""
    text = words.pay_step.format(schedule=note.pay.schedule, factor=factor, rate=rate)
    text = f"{text}, {basis_text(note.basis, note.rate_source, lang)}" if note.basis else text
    return f"{text}, {words.pay_scenario}" if note.pay.scenario else text


def _source_text(note: AmountNote, lang: Language) -> str:
    """How the amount came about; an indexed one with what its rate rests on (and an adopted rate's source)."""
    rate = local_decimal(note.rate.normalize(), lang) if note.rate is not None else ""
    text = catalogue(lang).diff.sources[note.source].format(rate=rate)
    return f"{text}, {basis_text(note.basis, note.rate_source, lang)}" if note.basis else text


def banners(diff: Diff, lang: Language) -> list[str]:
    """A line for each side computed with what-ifs, naming it by its column (before, after) and name."""
    words = catalogue(lang).diff
    return [
        f"{column} ({side.name}): {banner_line(side.scenario, side.payers, lang)}"
        for column, side in ((words.total_before, diff.before), (words.total_after, diff.after))
        if side.scenario is not None
    ]


def key_lines(diff: Diff, lang: Language) -> list[str]:
    """What changed in the key or keys, each in a sentence; or that the key did not."""
    words = catalogue(lang).diff
    if diff.named_keys:
        return _keys_head(diff, lang)
    return [
        words.key_changed.format(name=change.name, before=_share(change.before, lang), after=_share(change.after, lang))
        for change in diff.key_changes
    ] or [words.key_same]


def diff_title(diff: Diff, lang: Language) -> str:
    return catalogue(lang).diff.title.format(before=diff.before.name, after=diff.after.name)


def marks_footnote(diff: Diff, lang: Language) -> str:
    """What the marked figures rest on: the rates, or, for tables that do not say (a CSV), that they are projected."""
    mark = catalogue(lang).projection.mark
    return projection_footnote(diff.assumptions, lang) or catalogue(lang).diff.projected_generic.format(mark=mark)


def not_reconciled_texts(diff: Diff, lang: Language) -> list[tuple[str, list[str]]]:
    """Each side that does not add up: the sentence that says so, and a sentence for each place where it does not."""
    words = catalogue(lang).diff
    names = diff.payer_names
    sides = []
    for side in (diff.before, diff.after):
        if side.reconciles:
            continue
        places = []
        for mismatch in side.mismatches:
            row = row_name(diff, mismatch.path, lang)
            row = row if mismatch.payer is None else f"{row}, {names.get(mismatch.payer, mismatch.payer)}"
            written, summed = (amount_text(value, diff.unit, lang) for value in (mismatch.written, mismatch.summed))
            places.append(f"{row}: {mismatch_text(mismatch.kind, written, summed, lang)}")
        sides.append((words.not_reconciled.format(name=side.name), places))
    return sides


def mismatch_text(kind: str, written: str, summed: str, lang: Language) -> str:
    """Where a table does not add up, in `sofin check`'s sentences: a row's sum expects its total, a
    parent's written figure is found against its rows' sum."""
    sentences = catalogue(lang).check.sentences
    if kind == "row_sum":
        return sentences[kind].format(expected=written, found=summed)
    return sentences[kind].format(expected=summed, found=written)


def row_name(diff: Diff, path: tuple[str, ...], lang: Language) -> str:
    """A row as people name it: a line with its society (three societies may each have "Stroški zaposlenih")."""
    own = row_label(path, diff.row(path).label if diff.has(path) else "", lang) or "/".join(path)
    if len(path) < 2 or not diff.has(path[:1]):
        return own
    return f"{diff.row(path[:1]).label or path[0]} / {own}"


def _share(share: Decimal | None, lang: Language) -> str:
    return catalogue(lang).missing if share is None else as_percent(local_decimal(share, lang), lang)
