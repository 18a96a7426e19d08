"""The API's validation errors (pydantic's, through django-ninja: the 422s) in words a person
can act on, in the reader's language: one translation table from pydantic's error types to
Braid's messages, each naming the field. The reader's language is the request's
Accept-Language when it sends one (Django's LocaleMiddleware has chosen it), else the
signed-in user's preferred language, else the site's."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.errors import ValidationError

Words = Callable[[dict[str, Any], str], str]


def _allowed(expected: str) -> str:
    """pydantic's "'', 'a' or 'b'" as '"", a, b'."""
    return ", ".join(v or '""' for v in re.findall(r"'([^']*)'", expected))


def _named(text: str) -> Words:
    return lambda i, f: text % {"field": f}


def _limit(key: str, text: str) -> Words:
    return lambda i, f: text % {"field": f, "limit": i["ctx"][key]}


def _choice(i: dict[str, Any], f: str) -> str:
    return _("“%(value)s” is not a choice for %(field)s: choose one of %(allowed)s.") % {
        "value": str(i.get("input"))[:40],
        "field": f,
        "allowed": _allowed(i["ctx"]["expected"]),
    }


def _too_long(i: dict[str, Any], f: str) -> str:
    return _("%(field)s: %(n)s characters; shorten it to %(limit)s at most.") % {
        "field": f,
        "n": len(str(i.get("input"))),
        "limit": i["ctx"]["max_length"],
    }


def _value_error(i: dict[str, Any], f: str) -> str:
    """A validator's own message (already in the reader's words), named by its field."""
    message = str(i.get("ctx", {}).get("error") or i.get("msg", "")).removeprefix("Value error, ")
    return _("%(field)s: %(message)s") % {"field": f, "message": message}


def _plain() -> dict[str, str]:
    """The error types whose message needs only the field's name, in the active language."""
    whole = _("%(field)s must be a whole number.")
    number = _("%(field)s must be a number.")
    date = _("%(field)s must be a date written YYYY-MM-DD, e.g. 2026-03-31.")
    moment = _("%(field)s must be a date and time written 2026-03-31T14:30:00+00:00.")
    plain: dict[str, str] = {
        "missing": _("%(field)s is required."),
        "extra_forbidden": _("%(field)s is not a field here: remove it."),
        "string_type": _("%(field)s must be text."),
        "int_type": whole,
        "int_parsing": whole,
        "int_from_float": whole,
        "int_parsing_size": _("%(field)s is too large a number."),
        "float_type": number,
        "float_parsing": number,
        "finite_number": _("%(field)s must be a finite number."),
        "bool_type": _("%(field)s must be true or false."),
        "bool_parsing": _("%(field)s must be true or false."),
        "date_type": date,
        "date_parsing": date,
        "date_from_datetime_parsing": date,
        "date_from_datetime_inexact": date,
        "datetime_type": moment,
        "datetime_parsing": moment,
        "datetime_from_date_parsing": moment,
        "list_type": _("%(field)s must be a list: […]."),
        "dict_type": _("%(field)s must be an object: {…}."),
        "model_type": _("%(field)s must be an object: {…}."),
        "model_attributes_type": _("%(field)s must be an object: {…}."),
        "json_invalid": _("%(field)s is not valid JSON."),
        "string_pattern_mismatch": _("%(field)s is not written the expected way."),
        "uuid_parsing": _(
            "%(field)s must be an identifier such as 123e4567-e89b-12d3-a456-426614174000."
        ),
    }
    return plain


def _table() -> dict[str, Words]:
    """pydantic's error types -> the message, built in the active language."""
    table: dict[str, Words] = {k: _named(t) for k, t in _plain().items()}
    table |= {
        "literal_error": _choice,
        "enum": _choice,
        "string_too_long": _too_long,
        "string_too_short": _limit(
            "min_length", _("%(field)s needs at least %(limit)s characters.")
        ),
        "too_short": _limit("min_length", _("%(field)s needs at least %(limit)s items.")),
        "too_long": _limit("max_length", _("%(field)s takes at most %(limit)s items.")),
        "greater_than_equal": _limit("ge", _("%(field)s must be at least %(limit)s.")),
        "greater_than": _limit("gt", _("%(field)s must be more than %(limit)s.")),
        "less_than_equal": _limit("le", _("%(field)s must be at most %(limit)s.")),
        "less_than": _limit("lt", _("%(field)s must be less than %(limit)s.")),
        "multiple_of": _limit("multiple_of", _("%(field)s must be a multiple of %(limit)s.")),
        "value_error": _value_error,
    }
    return table


def message(item: dict[str, Any], field: str, table: dict[str, Words] | None = None) -> str:
    """One error in the reader's words; pydantic's own (English) for a type not in the table."""
    words = (table if table is not None else _table()).get(item.get("type", ""))
    try:
        return str(words(item, field)) if words else str(item.get("msg", "invalid"))
    except (KeyError, TypeError):
        return str(item.get("msg", "invalid"))


def validation_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """Each error as {"field": its dotted name, "message"}, in the active language."""
    table = _table()
    errors = []
    for item in exc.errors:
        loc = [str(p) for p in item.get("loc", []) if p not in ("body", "payload", "query", "path")]
        field = ".".join(loc) or "body"
        errors.append({"field": field, "message": message(item, field, table)})
    return errors


@contextmanager
def reader_language(request: HttpRequest) -> Iterator[None]:
    """Inside, the reader's language: Accept-Language when sent, else the user's own."""
    user = getattr(request, "user", None)
    preferred = getattr(user, "preferred_language", "") if user is not None else ""
    if request.META.get("HTTP_ACCEPT_LANGUAGE") or preferred not in ("en", "fr"):
        yield
        return
    with translation.override(preferred):
        yield
