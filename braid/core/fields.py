"""Checks a model's own fields already declare (choices, lengths), for services that take
plain data from forms, files and the API: the model stays the one place these rules live."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from braid.core.errors import FieldProblem


def model_field_problems(
    model: type[models.Model], data: Mapping[str, Any], names: Iterable[str]
) -> list[FieldProblem]:
    """A problem for each of `names` in `data` whose value is not one of the field's choices,
    or is longer than its `max_length`. Empty values of a `blank` field pass."""
    problems = []
    for name in names:
        if name not in data:
            continue
        field: Any = model._meta.get_field(name)
        value = data[name]
        if value in (None, "") and field.blank:
            continue
        if field.choices:
            allowed = [str(code) for code, _label in field.flatchoices]
            if str(value) not in allowed:
                problems.append(
                    FieldProblem(
                        name,
                        _("“%(value)s” is not a choice for %(field)s: choose one of %(allowed)s.")
                        % {
                            "value": value,
                            "field": field.verbose_name,
                            "allowed": ", ".join(allowed),
                        },
                        value=str(value),
                    )
                )
                continue
        limit = getattr(field, "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            problems.append(
                FieldProblem(
                    name,
                    _("%(field)s: %(n)s characters; shorten it to %(limit)s at most.")
                    % {"field": field.verbose_name, "n": len(value), "limit": limit},
                    value=value[:40],
                )
            )
    return problems
