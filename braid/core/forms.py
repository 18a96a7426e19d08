from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from braid.core.errors import ServiceError


def apply_service_error(form: forms.Form, exc: ServiceError) -> None:
    """Show a service's problems on the form fields they name (or on the form as a whole)."""
    placed = False
    for problem in exc.problems:
        if problem.field in form.fields:
            form.add_error(problem.field, problem.message)
            placed = True
        else:  # a field the form does not show: say it above the form, never drop it
            form.add_error(None, problem.message)
    if not placed and not exc.problems:
        form.add_error(None, exc.message)


class ImportForm(forms.Form):
    """The upload of a CSV or XLSX file to import."""

    file = forms.FileField(label=_("CSV or XLSX file"))
