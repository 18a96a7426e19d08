from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from braid.core.errors import ServiceError


def file_too_large(size: int) -> str | None:
    """The one message for a file over BRAID_MAX_UPLOAD_MB, in the reader's language (pages, API
    and `braid import` say the same), or None when it fits."""
    from django.conf import settings
    from django.utils.translation import gettext

    limit = settings.BRAID_MAX_UPLOAD_BYTES
    if size <= limit:
        return None
    return gettext(
        "The file is %(size).1f MB; the limit is %(limit).0f MB. Split it into smaller files."
    ) % {"size": size / 1e6, "limit": limit / 1e6}


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

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        problem = file_too_large(upload.size or 0)
        if problem:
            raise forms.ValidationError(problem)
        return upload
