from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from braid.core.errors import ServiceError


def version_of(row: object) -> str:
    """The version an editor loads and sends back: the row's `updated_at` to the microsecond
    (every save stamps it), or its `version` counter when it has one."""
    counter = getattr(row, "version", None)
    if isinstance(counter, int):
        return str(counter)
    stamp = getattr(row, "updated_at", None)
    return stamp.isoformat() if stamp is not None else ""


def track_what_was_loaded(form: forms.Form) -> None:
    """Make the form send back, hidden, the value of each field as the editor loaded it, so
    `form.changed_data` is what *this editor* changed (not what differs from the database now:
    that would revert another editor's newer value)."""
    for field in form.fields.values():
        if not isinstance(field.widget, forms.HiddenInput):
            field.show_hidden_initial = True


def loaded_value(form: forms.Form, name: str) -> object:
    """A field's value as the editor loaded it (from its hidden initial input)."""
    field = form.fields[name]
    raw = field.widget.value_from_datadict(form.data, form.files, form.add_initial_prefix(name))
    try:
        return field.to_python(raw)
    except forms.ValidationError:
        return raw


def _norm(value: object) -> object:
    if isinstance(value, list | tuple):  # a multiple choice: the same ticks in any order
        return sorted(str(v).strip() for v in value)
    return str("" if value is None else value).strip()


def _same(a: object, b: object) -> bool:
    return _norm(a) == _norm(b)


def _put(data: Any, name: str, value: object) -> None:
    if isinstance(value, list | tuple):
        data.setlist(name, [str(v) for v in value])
    else:
        data[name] = "" if value is None else str(value)


def _shown(value: object) -> str:
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    return str(value) if value not in (None, "") else "—"


def show_conflict(form: forms.Form, current: dict[str, object], labels: dict[str, str]) -> None:
    """A stale save was refused. Each field someone else changed shows their value when this
    editor left it alone, and keeps what this editor typed (with theirs beside it) when both
    changed it; the form now carries the new version, so saving again is a deliberate choice."""
    from django.utils.translation import gettext

    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict when bound from a request
    theirs = []
    for name, now in current.items():
        if name not in form.fields or name == "version":
            continue
        before = loaded_value(form, name)
        if _same(before, now):
            continue
        theirs.append(name)
        typed = form[name].value()
        if _same(typed, before):
            _put(data, name, now)  # untouched here: take theirs
        else:
            form.add_error(
                name,
                gettext("Changed by someone else while you were editing: now “%(now)s”.")
                % {"now": _shown(now)},
            )
        _put(data, form.add_initial_prefix(name), now)
    names = ", ".join(labels.get(n, n) for n in theirs) or gettext("nothing you can see here")
    form.add_error(
        None,
        gettext(
            "Someone else saved this while you were editing it (%(fields)s). Nothing of yours "
            "was saved; your changes are still in the form: check theirs, then save again."
        )
        % {"fields": names},
    )
    data["version"] = str(current.get("version", ""))
    form.data = data


def save_changed(form: forms.Form, save: Any) -> bool:
    """Save an edit form that carries a `version` (and `track_what_was_loaded`): only the
    fields this editor changed go to `save(version, changes)`; a stale save shows what someone
    else changed (`show_conflict`), a refusal shows on its fields. True when it was saved."""
    from braid.core.errors import ConflictError

    changed = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
    changed.pop("version", None)
    try:
        save(form.cleaned_data.get("version") or None, changed)
    except ConflictError as exc:
        show_conflict(form, exc.current, {n: str(f.label) for n, f in form.fields.items()})
    except ServiceError as exc:
        apply_service_error(form, exc)
    else:
        return True
    return False


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
