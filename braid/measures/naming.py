"""How a row of figures names its indicator and its period: by Braid's code, or as people write
them (an indicator's name in either language; "Q1 2026", "T1 2026", "janv. 2026", "FY2026"...,
read by `braid.lib.periods`). Part of the value rule (`rules.ValueRules`): each answer is an id,
or the words of the refusal, saying what to write instead."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from braid.lib.columns import fold
from braid.lib.periods import candidates
from braid.lib.tabular import closest
from braid.measures.models import Indicator

# The fields an indicator's name is written in (one per language, where the model has them).
NAME_FIELDS = tuple(
    f for f in ("name", "name_en", "name_fr") if f in {x.name for x in Indicator._meta.fields}
)


def indicator_names(indicators: Iterable[Indicator]) -> dict[str, Indicator | None]:
    """Folded name (every language) -> its indicator; None for a name two indicators share."""
    found: dict[str, Indicator | None] = {}
    for indicator in indicators:
        for name in {fold(str(getattr(indicator, f, "") or "")) for f in NAME_FIELDS} - {""}:
            found[name] = indicator if found.get(name, indicator) is indicator else None
    return found


def find_indicator(
    codes: dict[str, Indicator], names: dict[str, Indicator | None], text: str
) -> tuple[Indicator | None, str]:
    """The indicator a cell names by code or name, or the refusal."""
    indicator = codes.get(text) or codes.get(text.strip().lower())
    if indicator is not None:
        return indicator, ""
    folded = fold(text)
    if folded in names:
        named = names[folded]
        if named is not None:
            return named, ""
        shared = sorted(i.code for i in codes.values() if folded in indicator_names([i]))
        return None, _("Several indicators have this name; write the code instead: %(codes)s.") % {
            "codes": ", ".join(shared)
        }
    message = _("Unknown indicator; write its code or its name, as on the indicators page.")
    written = [str(getattr(i, f, "") or "") for i in codes.values() for f in NAME_FIELDS]
    guess = closest(text, [n for n in written if n], cutoff=0.75) if text.strip() else None
    return None, message + (_(" Did you mean “%s”?") % guess if guess else "")


def find_period(periods: dict[str, int], text: str) -> tuple[int | None, str]:
    """The period a cell names, by code or as people write it, or the refusal: none of the
    collaborative's periods, or more than one ("FY2026" where there are calendar and school
    years), with the codes to write instead."""
    period_id = periods.get(text) or periods.get(text.strip().lower())
    if period_id is not None:
        return period_id, ""
    codes = [c for c in candidates(text) if c.lower() in periods]
    if len(codes) == 1:
        return periods[codes[0].lower()], ""
    if codes:
        return None, _("“%(text)s” may be %(codes)s: write one of them.") % {
            "text": text.strip(),
            "codes": _(" or ").join(codes),
        }
    return None, _("Unknown period; write it like 2026-03, 2026-Q1 or 2026.")
