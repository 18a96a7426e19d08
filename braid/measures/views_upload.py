"""A values file uploaded from the report page: kept while the reader checks which column is
which when its headers are not Braid's own (the mapping step, `braid.core.mapping`), then
read in the background (`tasks.run_import`) as an import job."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.background import start
from braid.core.forms import file_too_large
from braid.core.mapping import MappingForm, Pending, mapping_page, preview
from braid.lib.tabular import TabularError
from braid.measures import forms
from braid.measures.imports import is_csv
from braid.measures.imports.columns import FIELD_LABELS, is_braid_layout, mapping_for
from braid.measures.models import ImportJob
from braid.measures.rules import COLUMNS, language_decimal
from braid.measures.views_report import my_org


@require_POST
@collaborative_view()
def upload(request: HttpRequest, access: Access) -> HttpResponse:
    # A steward may upload a file of many organisations (its organisation column says whose).
    asked = request.POST.get("organisation")
    org_id = None if access.can_manage() and not asked else my_org(access, request)
    if request.POST.get("step") == "map":
        return _map_step(request, access, org_id)
    form = forms.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV or XLSX file to upload."))
        return _back(access, org_id)
    upload = form.cleaned_data["file"]
    if too_large := file_too_large(upload.size):
        messages.error(request, too_large)
        return _back(access, org_id)
    pending = _pending(request, access)
    path = pending.keep(upload, decimal=form.cleaned_data["decimal"] or None)
    try:
        headers, rows = preview(path, upload.name)
    except TabularError:  # the import job says what is wrong, and is listed as failed
        return _start(request, access, org_id, None)
    if is_braid_layout(headers):
        return _start(request, access, org_id, None)
    form_ = _mapping_form(None, headers, mapping_for(headers), org_id)
    return _mapping_page(request, access, form_, rows, upload.name, org_id)


def _back(access: Access, org_id: int | None) -> HttpResponse:
    target = reverse("measures:report", args=[access.collaborative.slug])
    return redirect(f"{target}?organisation={org_id}" if org_id and access.can_manage() else target)


def _pending(request: HttpRequest, access: Access) -> Pending:
    return Pending(request, f"measures-upload:{access.collaborative.slug}")


def _mapping_form(
    data: Any, headers: list[str], initial: list[str], org_id: int | None
) -> MappingForm:
    required = {
        "indicator": _("Choose the column that names the indicator (its code or its name)."),
        "period": _("Choose the column that holds the period."),
    }
    if org_id is None:
        required["organisation"] = _("Choose the column that names the organisation.")
    return MappingForm(
        data,
        headers=headers,
        initial_fields=initial,
        fields=[(c, str(FIELD_LABELS[c])) for c in COLUMNS],
        required=required,
    )


def _mapping_page(
    request: HttpRequest,
    access: Access,
    form: MappingForm,
    rows: list[list[str]],
    filename: str,
    org_id: int | None,
    status: int = 200,
) -> HttpResponse:
    return mapping_page(
        request,
        form,
        rows,
        filename,
        back=reverse("measures:report", args=[access.collaborative.slug]),
        note=_(
            "Indicators may be named by their code or their name, organisations by their "
            "name, periods as people write them: 2026-Q1, Q1 2026, T1 2026, January 2026, "
            "janv. 2026, 2026-01, FY2026."
        ),
        hidden={"organisation": org_id} if org_id and access.can_manage() else None,
        status=status,
    )


def _map_step(request: HttpRequest, access: Access, org_id: int | None) -> HttpResponse:
    kept = _pending(request, access).kept()
    if kept is None:
        messages.error(request, _("That upload has expired; choose the file again."))
        return _back(access, org_id)
    path, extra = kept
    try:
        headers, rows = preview(path, extra["filename"])
    except TabularError as exc:
        _pending(request, access).forget()
        messages.error(request, str(exc))
        return _back(access, org_id)
    form = _mapping_form(request.POST, headers, [], org_id)
    if not form.is_valid():
        return _mapping_page(request, access, form, rows, extra["filename"], org_id, 400)
    return _start(request, access, org_id, form.mapping())


def _start(
    request: HttpRequest, access: Access, org_id: int | None, mapping: list[str] | None
) -> HttpResponse:
    """The waiting file becomes an import job, read in the background."""
    taken = _pending(request, access).take()
    if taken is None:
        messages.error(request, _("That upload has expired; choose the file again."))
        return _back(access, org_id)
    kept, extra = taken
    folder = settings.MEDIA_ROOT / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}-{extra['filename'][-60:]}"
    shutil.move(kept, path)
    job = ImportJob.objects.create(
        collaborative=access.collaborative,
        organisation_id=org_id,
        created_by=access.user,
        filename=extra["filename"],
        path=str(path),
        rows_total=_csv_rows(path),
        # What the import reads the file with, until the outcome replaces it.
        result={"decimal": extra.get("decimal"), "default": language_decimal()}
        | ({"mapping": mapping} if mapping is not None else {}),
    )
    from braid.measures.tasks import run_import

    start(run_import, job.pk)
    return redirect("measures:job", slug=access.collaborative.slug, job_id=job.pk)


def _csv_rows(path: Path) -> int:
    """About how many rows a CSV file holds (its lines less the header), for the progress bar;
    0 for XLSX, whose bar shows rows read only."""
    if not is_csv(path.name):
        return 0
    lines = 0
    last = b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return max(0, lines + (last != b"\n") - 1)
