"""The banner above an output computed with the command line's what-ifs (a scenario), for every command's formats."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sofin.domain.scenario import Scenario
from sofin.render.numbers import local_decimal, local_percent, rate_text
from sofin.results.allocate import PayerColumn
from sofin.words import DEFAULT, Language, catalogue


def scenario_banner(scenario: Scenario | None, names: Mapping[str, str], lang: Language = DEFAULT) -> str | None:
    """The line above an output computed with what-ifs (banner_line); None without any."""
    return None if scenario is None else banner_line(scenario, names, lang)


def banner_line(scenario: Scenario, names: Mapping[str, str], lang: Language = DEFAULT) -> str:
    """The what-ifs an output was computed with: each share (its payer named when `names`, id ->
    name, knows it, every digit of the share kept), then each rate, each pay, each key's percent."""
    words = catalogue(lang).projection
    what = [
        words.scenario_share.format(payer=names.get(payer, payer), share=local_percent(share, lang))
        for payer, share in scenario.shares
    ]
    what += [
        words.scenario_rate.format(kind=words.kinds[rate.kind], year=rate.year, rate=rate_text(rate.rate, lang))
        for rate in scenario.rates
    ]
    what += [
        words.scenario_pay.format(
            path=pay.path, before=local_decimal(pay.before, lang, 2), target=local_decimal(pay.target, lang, 2)
        )
        for pay in scenario.pays
    ]
    what += [  # issue 24 item 4: --key, a named key's percent for a payer
        catalogue(lang).keys_explain.scenario_key.format(
            key=key, payer=names.get(payer, payer), percent=local_percent(percent, lang)
        )
        for key, payer, percent in scenario.keys
    ]
    return words.scenario.format(what="; ".join(what))


def payer_names(payers: Iterable[PayerColumn]) -> dict[str, str]:
    return {payer.id: payer.name for payer in payers}
