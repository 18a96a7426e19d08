"""The mapping step of an import page, shared by every importer that has one (organisations,
values, the action plan): the uploaded file waits while the reader checks which column is which, with Braid's
reading preselected and a preview of the first rows, then the import runs with that mapping.

Between the two steps the upload waits in `BRAID_VAR_DIR/uploads/mapping/` under a random name
kept in the session (never taken from the request); it is removed once imported, refused or
replaced, and files older than a day are swept when a new one arrives.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.lib.tabular import TabularReader

PREVIEW_ROWS = 3
KEEP_SECONDS = 24 * 3600


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "uploads" / "mapping"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Pending:
    """The upload waiting for its mapping, under a session key of its own (one per importer
    and collaborative), with whatever else the import needs (`extra`)."""

    def __init__(self, request: HttpRequest, key: str) -> None:
        self.session, self.key = request.session, key

    def keep(self, upload: Any, **extra: Any) -> Path:
        self.forget()
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
        self.session[self.key] = {"file": path.name, "filename": upload.name, **extra}
        return path

    def kept(self) -> tuple[Path, dict[str, Any]] | None:
        """The waiting file and what was kept with it; None when it has expired."""
        kept = self.session.get(self.key)
        path = _folder() / kept["file"] if kept else None
        if not kept or path is None or not path.exists():
            return None
        return path, kept

    def take(self) -> tuple[Path, dict[str, Any]] | None:
        """The waiting file, now the caller's to keep or remove: the session lets it go."""
        kept = self.kept()
        self.session.pop(self.key, None)
        return kept

    def forget(self) -> None:
        kept = self.session.pop(self.key, None)
        if kept:
            (_folder() / kept["file"]).unlink(missing_ok=True)


class MappingForm(forms.Form):
    """One choice per column of the file: which field it is, or left out. `fields` are the
    importer's (code, label); `required` maps a field that must be chosen to the words saying
    so."""

    def __init__(
        self,
        *args: Any,
        headers: list[str],
        initial_fields: list[str],
        fields: Sequence[tuple[str, str]],
        required: Mapping[str, str],
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.headers, self.required = headers, required
        choices = [("", gettext_lazy("— leave this column out —"))] + [
            (code, f"{label} ({code})") for code, label in fields
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
        missing = [words for field, words in self.required.items() if field not in chosen]
        if missing:
            raise forms.ValidationError(missing)
        return data

    def mapping(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{i}", "") for i in range(len(self.headers))]

    def columns(self) -> list[Any]:
        return [self[f"column_{i}"] for i in range(len(self.headers))]


def preview(path: Path, filename: str) -> tuple[list[str], list[list[str]]]:
    """The file's headers as written and its first rows."""
    with path.open("rb") as source:
        reader = TabularReader(source, filename=filename)
        rows = []
        for _number, cells in reader.cells():
            rows.append(cells)
            if len(rows) == PREVIEW_ROWS:
                break
    return reader.raw_headers, rows


def mapping_page(
    request: HttpRequest,
    form: MappingForm,
    rows: list[list[str]],
    filename: str,
    *,
    back: str,
    note: str = "",
    hidden: Mapping[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page: each column with Braid's reading and its first values; `back` is where
    "Choose another file" leads, `note` what the importer reads loosely."""
    columns = [
        {"field": bound, "examples": [r[i] for r in rows if i < len(r) and r[i]]}
        for i, bound in enumerate(form.columns())
    ]
    context = {"form": form, "columns": columns, "rows": rows, "filename": filename}
    context |= {"back": back, "note": note, "hidden": dict(hidden or {})}
    return render(request, "includes/import_mapping.html", context, status=status)


def choice_options(
    choices: Any, synonyms: Mapping[str, Iterable[str]] | None = None
) -> dict[str, list[str]]:
    """{code: its label in English and in French, and its synonyms}, for `match_choice`."""
    synonyms = synonyms or {}
    out: dict[str, list[str]] = {str(code): [] for code, _label in choices.choices}
    for language in ("en", "fr"):
        with translation.override(language):
            for code, label in choices.choices:
                out[str(code)].append(str(label))
    return {code: [*labels, *synonyms.get(code, ())] for code, labels in out.items()}


def cli_mapping(
    headers: Sequence[str], given: Sequence[str], suggested: list[str], fields: Sequence[str]
) -> list[str]:
    """Braid's reading of the headers (`suggested`), corrected by `--map COLUMN=FIELD` (FIELD
    "-" leaves the column out). A column or field that does not exist is refused with the ones
    that do."""
    from braid.lib.columns import fold
    from braid.lib.tabular import TabularError

    result = list(suggested)
    for item in given:
        column, sep, target = item.partition("=")
        target = target.strip()
        matches = [i for i, h in enumerate(headers) if fold(h) == fold(column)]
        if not sep or not matches:
            raise TabularError(
                f"--map {item}: the file has no column “{column}”. Its columns: "
                + ", ".join(f"“{h}”" for h in headers)
                + "."
            )
        if target not in (*fields, "-", ""):
            raise TabularError(
                f"--map {item}: “{target}” is not a field Braid reads; use one of "
                + ", ".join(fields)
                + " (or - to leave the column out)."
            )
        field_name = "" if target in ("-", "") else target
        for i, f in enumerate(result):
            if field_name and f == field_name:
                result[i] = ""
        result[matches[0]] = field_name
    return result
