"""The organisation import page: upload, then (unless the file is in Braid's own columns) a
mapping step showing Braid's reading of each column with a preview, then the import.

Between the two steps the upload waits in `BRAID_VAR_DIR/uploads/mapping/` under a random name
kept in the session (never taken from the request); it is removed once imported, refused or
replaced, and files older than a day are swept when a new one arrives.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.forms import ImportForm
from braid.lib.tabular import TabularError, TabularReader, size_problem
from braid.partners import imports
from braid.partners.columns import FIELD_LABELS

PREVIEW_ROWS = 3
KEEP_SECONDS = 24 * 3600


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "uploads" / "mapping"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _session_key(access: Access) -> str:
    return f"partners-import:{access.collaborative.slug}"


def _forget(request: HttpRequest, access: Access) -> None:
    kept = request.session.pop(_session_key(access), None)
    if kept:
        (_folder() / kept["file"]).unlink(missing_ok=True)


def _keep(request: HttpRequest, access: Access, upload: Any) -> Path:
    _forget(request, access)
    folder = _folder()
    cutoff = time.time() - KEEP_SECONDS
    for old in folder.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    suffix = Path(upload.name).suffix.lower()[:8]
    path = folder / f"{secrets.token_hex(16)}{suffix}"
    with path.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    request.session[_session_key(access)] = {"file": path.name, "filename": upload.name}
    return path


class MappingForm(forms.Form):
    """One choice per column of the file: which field it is, or left out."""

    def __init__(self, *args: Any, headers: list[str], initial_fields: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.headers = headers
        choices = [("", gettext_lazy("— leave this column out —"))] + [
            (column, f"{FIELD_LABELS[column]} ({column})") for column in imports.COLUMNS
        ]
        for i, header in enumerate(headers):
            self.fields[f"column_{i}"] = forms.ChoiceField(
                label=header or _("Column %(n)s (no header)") % {"n": i + 1},
                choices=choices,
                required=False,
                initial=initial_fields[i] if i < len(initial_fields) else "",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen: dict[str, str] = {}
        for i, header in enumerate(self.headers):
            value = data.get(f"column_{i}", "")
            if not value:
                continue
            if value in chosen:
                self.add_error(
                    f"column_{i}",
                    _("“%(other)s” is already this field; choose one column for it.")
                    % {"other": chosen[value]},
                )
            chosen[value] = header
        if "name" not in chosen:
            raise forms.ValidationError(
                _("Choose the column that holds the organisation's name: Braid needs it.")
            )
        return data

    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{i}", "") for i in range(len(self.headers))]

    def columns(self) -> list[Any]:
        return [self[f"column_{i}"] for i in range(len(self.headers))]


def _preview(path: Path, filename: str) -> tuple[list[str], list[list[str]]]:
    with path.open("rb") as source:
        reader = TabularReader(source, filename=filename)
        rows = []
        for _number, cells in reader.cells():
            rows.append(cells)
            if len(rows) == PREVIEW_ROWS:
                break
    return reader.raw_headers, rows


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
    _forget(request, access)
    messages.success(
        request,
        _(
            "%(created)s organisations added, %(updated)s updated and %(contacts)s contacts imported."
        )
        % {"created": result.created, "updated": result.updated, "contacts": result.contacts},
    )
    return redirect("partners:list", slug=access.collaborative.slug)


def _mapping_page(
    request: HttpRequest, form: MappingForm, rows: list[list[str]], filename: str, status: int
) -> HttpResponse:
    columns = [
        {"field": bound, "examples": [r[i] for r in rows if i < len(r) and r[i]]}
        for i, bound in enumerate(form.columns())
    ]
    return render(
        request,
        "partners/import_mapping.html",
        {"form": form, "columns": columns, "rows": rows, "filename": filename},
        status=status,
    )


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
            path = _keep(request, access, upload)
            headers, rows = _preview(path, upload.name)
            if not imports.is_braid_layout(headers):
                mapping = MappingForm(headers=headers, initial_fields=imports.mapping_for(headers))
                return _mapping_page(request, mapping, rows, upload.name, 200)
            result = _run(access, path, upload.name, None)
        except TabularError as exc:
            _forget(request, access)
            form.add_error("file", str(exc))
        else:
            if result.ok:
                return _done(request, access, result)
            _forget(request, access)
    status = 400 if (result and not result.ok) or form.errors else 200
    return render(
        request,
        "partners/import.html",
        {"form": form, "result": result, "columns": imports.COLUMNS},
        status=status,
    )


def _map_step(request: HttpRequest, access: Access) -> HttpResponse:
    kept = request.session.get(_session_key(access))
    path = _folder() / kept["file"] if kept else None
    if not kept or path is None or not path.exists():
        messages.error(request, _("That upload has expired; choose the file again."))
        return redirect("partners:import", slug=access.collaborative.slug)
    filename = kept["filename"]
    try:
        headers, rows = _preview(path, filename)
    except TabularError as exc:
        _forget(request, access)
        messages.error(request, str(exc))
        return redirect("partners:import", slug=access.collaborative.slug)
    form = MappingForm(request.POST, headers=headers, initial_fields=[])
    if not form.is_valid():
        return _mapping_page(request, form, rows, filename, 400)
    result = _run(access, path, filename, form.mapping())
    if result.ok:
        return _done(request, access, result)
    _forget(request, access)
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
