"""Money in the reader's language: one function for pages, documents and exports that print amounts."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import get_language


def money(value: object, decimals: int = 0) -> str:
    """ "858,000 $" style per locale: en-CA "$858,000", fr-CA "858 000 $"; blank for no amount."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = number_format(abs(amount), decimal_pos=decimals, use_l10n=True, force_grouping=True)
    sign = "-" if amount < 0 else ""
    if (get_language() or "en").startswith("fr"):
        return f"{sign}{text}\u00a0$"
    return f"{sign}${text}"
