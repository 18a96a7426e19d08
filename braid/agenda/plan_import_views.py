"""The action-plan import page: upload, then (unless the file is in Braid's own columns) the
shared mapping step (`braid.core.mapping`), then the import; and its template file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from braid.agenda import plan_import as importer
from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.forms import ImportForm
from braid.core.http import spreadsheet_response
from braid.core.mapping import MappingForm, Pending, mapping_page, preview
from braid.lib.tabular import TabularError, size_problem, write_table

OWN = set(importer.COLUMNS)


def _pending(request: HttpRequest, access: Access) -> Pending:
    return Pending(request, f"plan-import:{access.collaborative.slug}")


def _form(data: Any, headers: list[str], initial: list[str]) -> MappingForm:
    return MappingForm(
        data,
        headers=headers,
        initial_fields=initial,
        fields=[(c, str(importer.FIELD_LABELS[c])) for c in importer.COLUMNS],
        required={
            c: _("Choose the column that holds “%(field)s”: Braid needs it.")
            % {"field": importer.FIELD_LABELS[c]}
            for c in importer.REQUIRED
        },
    )


def _mapping(
    request: HttpRequest, access: Access, form: MappingForm, rows: Any, name: str, status: int
) -> HttpResponse:
    note = _(
        "Statuses may be written as codes or labels, in English or French (“under way”, “en cours”); Braid suggests the nearest one when a status does not match."
    )
    back = reverse("agenda:plan_import", args=[access.collaborative.slug])
    return mapping_page(request, form, rows, name, back=back, note=note, status=status)


def _run(access: Access, path: Path, filename: str, mapping: list[str] | None) -> Any:
    with path.open("rb") as source:
        return importer.import_plan(
            access=access,
            source=source,
            filename=filename,
            max_bytes=settings.BRAID_MAX_UPLOAD_BYTES,
            mapping=mapping,
        )


def _finish(request: HttpRequest, access: Access, form: Any, result: Any) -> HttpResponse:
    """A clean result goes to the plan; any other shows the upload page with its problems."""
    _pending(request, access).forget()
    if result is not None and result.ok:
        messages.success(
            request,
            _("%(created)s activities added and %(updated)s updated.")
            % {"created": result.created, "updated": result.updated},
        )
        return redirect("agenda:plan", slug=access.collaborative.slug)
    status = 400 if (result and not result.ok) or form.errors else 200
    context = {"form": form, "result": result, "columns": importer.COLUMNS}
    return render(request, "agenda/plan_import.html", context, status=status)


@collaborative_view(manage=True)
def plan_import(request: HttpRequest, access: Access) -> HttpResponse:
    """Upload; a file not in Braid's own columns gets the mapping step; then the import."""
    if request.method == "POST" and request.POST.get("step") == "map":
        return _map_step(request, access)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _finish(request, access, form, None)
    upload = form.cleaned_data["file"]
    try:
        if too_big := size_problem(upload.size, settings.BRAID_MAX_UPLOAD_BYTES):
            raise TabularError(too_big)
        path = _pending(request, access).keep(upload)
        headers, rows = preview(path, upload.name)
        if not (headers and all(h.strip().lower() in OWN for h in headers)):
            mapping = _form(None, headers, importer.mapping_for(headers))
            return _mapping(request, access, mapping, rows, upload.name, 200)
        result = _run(access, path, upload.name, None)
    except TabularError as exc:
        form.add_error("file", str(exc))
        return _finish(request, access, form, None)
    return _finish(request, access, form, result)


def _map_step(request: HttpRequest, access: Access) -> HttpResponse:
    kept = _pending(request, access).kept()
    if kept is None:
        messages.error(request, _("That upload has expired; choose the file again."))
        return redirect("agenda:plan_import", slug=access.collaborative.slug)
    path, filename = kept[0], kept[1]["filename"]
    try:
        headers, rows = preview(path, filename)
    except TabularError as exc:
        _pending(request, access).forget()
        messages.error(request, str(exc))
        return redirect("agenda:plan_import", slug=access.collaborative.slug)
    form = _form(request.POST, headers, [])
    if not form.is_valid():
        return _mapping(request, access, form, rows, filename, 400)
    return _finish(request, access, ImportForm(), _run(access, path, filename, form.mapping()))


EXAMPLE_ROW = [
    "",
    "Mentoring for young people leaving care",
    "Youth Wraparound Network",
    "City Parks and Recreation; Pathways Employment Services",
    "Keep at-risk students in school",
    "",
    "2026-09-01",
    "2027-06-30",
    "planned",
    "",
    "Weekly mentoring by trained volunteers.",
    "Mentorat des jeunes qui quittent la protection de l’enfance",
    "",
]


@collaborative_view(manage=True)
def plan_import_template(request: HttpRequest, access: Access) -> HttpResponse:
    """Braid's own columns with one example row (leave `id` empty to add an activity)."""
    return spreadsheet_response(
        lambda fmt, fh: write_table(
            [EXAMPLE_ROW], importer.COLUMNS, fh, fmt=fmt, sheet_title="plan"
        ),
        request.GET.get("format", "csv"),
        "plan-template",
    )
