"""The organisation import page: upload, then (unless the file is in Braid's own columns) the
mapping step (`braid.core.mapping`) showing Braid's reading of each column with a preview, then
the import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.forms import ImportForm
from braid.core.mapping import MappingForm, Pending, mapping_page, preview
from braid.lib.tabular import TabularError, size_problem
from braid.partners import imports
from braid.partners.columns import FIELD_LABELS


def _pending(request: HttpRequest, access: Access) -> Pending:
    return Pending(request, f"partners-import:{access.collaborative.slug}")


def _mapping_form(data: Any, headers: list[str], initial: list[str]) -> MappingForm:
    return MappingForm(
        data,
        headers=headers,
        initial_fields=initial,
        fields=[(c, str(FIELD_LABELS[c])) for c in imports.COLUMNS],
        required={
            "name": _("Choose the column that holds the organisation's name: Braid needs it.")
        },
    )


def _mapping_page(
    request: HttpRequest,
    access: Access,
    form: MappingForm,
    rows: list[list[str]],
    filename: str,
    status: int,
) -> HttpResponse:
    return mapping_page(
        request,
        form,
        rows,
        filename,
        back=reverse("partners:import", args=[access.collaborative.slug]),
        note=_(
            "Sectors, statuses, stances and languages may be written as codes or labels, in "
            "English or French; Braid suggests the nearest choice when one does not match."
        ),
        status=status,
    )


def _run(access: Access, path: Path, filename: str, mapping: list[str] | None) -> Any:
    with path.open("rb") as source:
        return imports.import_organisations(
            access=access,
            source=source,
            filename=filename,
            max_bytes=settings.BRAID_MAX_UPLOAD_BYTES,
            mapping=mapping,
        )


def _done(request: HttpRequest, access: Access, result: Any) -> HttpResponse:
    _pending(request, access).forget()
    messages.success(
        request,
        _(
            "%(created)s organisations added, %(updated)s updated and %(contacts)s contacts imported."
        )
        % {"created": result.created, "updated": result.updated, "contacts": result.contacts},
    )
    return redirect("partners:list", slug=access.collaborative.slug)


@collaborative_view(manage=True)
def import_page(request: HttpRequest, access: Access) -> HttpResponse:
    access.require_manage()
    if request.method == "POST" and request.POST.get("step") == "map":
        return _map_step(request, access)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            too_big = size_problem(upload.size, settings.BRAID_MAX_UPLOAD_BYTES)
            if too_big:
                raise TabularError(too_big)
            path = _pending(request, access).keep(upload)
            headers, rows = preview(path, upload.name)
            if not imports.is_braid_layout(headers):
                mapping = _mapping_form(None, headers, imports.mapping_for(headers))
                return _mapping_page(request, access, mapping, rows, upload.name, 200)
            result = _run(access, path, upload.name, None)
        except TabularError as exc:
            _pending(request, access).forget()
            form.add_error("file", str(exc))
        else:
            if result.ok:
                return _done(request, access, result)
            _pending(request, access).forget()
    status = 400 if (result and not result.ok) or form.errors else 200
    return render(
        request,
        "partners/import.html",
        {"form": form, "result": result, "columns": imports.COLUMNS},
        status=status,
    )


def _map_step(request: HttpRequest, access: Access) -> HttpResponse:
    pending = _pending(request, access)
    kept = pending.kept()
    if kept is None:
        messages.error(request, _("That upload has expired; choose the file again."))
        return redirect("partners:import", slug=access.collaborative.slug)
    path, filename = kept[0], kept[1]["filename"]
    try:
        headers, rows = preview(path, filename)
    except TabularError as exc:
        pending.forget()
        messages.error(request, str(exc))
        return redirect("partners:import", slug=access.collaborative.slug)
    form = _mapping_form(request.POST, headers, [])
    if not form.is_valid():
        return _mapping_page(request, access, form, rows, filename, 400)
    result = _run(access, path, filename, form.mapping())
    if result.ok:
        return _done(request, access, result)
    pending.forget()
    return render(
        request,
        "partners/import.html",
        {"form": ImportForm(), "result": result, "columns": imports.COLUMNS},
        status=400,
    )


EXAMPLE_ROW = [
    "Riverside Community Health Centre",
    "health",
    "partner",
    "partner",
    "https://example.org",
    "medium",
    "",
    "",
    "",
    "2024-09-01",
    "",
    "",
    "",
    "",
    "",
    "info@example.org",
    "",
    "fr",
]


@collaborative_view(manage=True)
def import_template(request: HttpRequest, access: Access) -> HttpResponse:
    """Braid's own columns with one example row (a general address without a person)."""
    from braid.core.http import spreadsheet_response
    from braid.lib.tabular import write_table

    return spreadsheet_response(
        lambda fmt, fh: write_table(
            [EXAMPLE_ROW], imports.COLUMNS, fh, fmt=fmt, sheet_title="organisations"
        ),
        request.GET.get("format", "csv"),
        "organisations-template",
    )
