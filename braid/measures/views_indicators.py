"""Pages that define and maintain indicators: the indicator form, targets, objective links and
the whole framework as a file."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.errors import ServiceError
from braid.core.forms import apply_service_error
from braid.core.http import import_page, spreadsheet_response
from braid.lib.numbers import NumberError
from braid.measures import forms, framework, services
from braid.measures.indicator_rules import FIELDS
from braid.measures.indicators import indicator_update
from braid.measures.models import Indicator, Period, Target
from braid.measures.rules import language_decimal, number_message, read_number
from braid.measures.targets import TargetRow, targets_set
from braid.partners.models import Organisation


@collaborative_view(manage=True)
def indicator_new(request: HttpRequest, access: Access) -> HttpResponse:
    return _indicator_form(request, access, None)


@collaborative_view(manage=True)
def indicator_edit(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    return _indicator_form(request, access, access.get_owned(Indicator, pk=pk))


def _indicator_form(request: HttpRequest, access: Access, indicator: Indicator | None) -> Any:
    """Define an indicator, or change one: every field, its reporters, its breakdowns."""
    orgs = access.scope(Organisation).filter(status="partner").order_by("name")
    if indicator is not None:  # a partner named before keeps its box, whatever its status
        orgs = orgs | access.scope(Organisation).filter(indicators=indicator)
    posted = request.POST if request.method == "POST" else None
    adding = posted is not None and posted.get("action") == "add-dimension"
    initial = _indicator_initial(indicator, posted if adding else None)
    form = forms.IndicatorForm(
        None if adding else posted,
        initial=initial,
        organisations=orgs.distinct(),
        periods=access.scope(Period).order_by("-start")[:120],
    )
    editor = forms.DisaggregationEditor(
        posted,
        initial=indicator.disaggregations if indicator else None,
        labels=indicator.disaggregation_labels if indicator else None,
    )
    saving = posted is not None and not adding
    if saving and form.is_valid():
        dims = editor.value()
        if editor.error:
            form.add_error(None, editor.error)
        else:
            data = {**form.cleaned_data, "disaggregation_labels": editor.labels()}
            saved = _indicator_save(access, indicator, data, dims, form)
            if saved is not None:
                text = (
                    _("Indicator %(name)s saved.")
                    if indicator
                    else _("Indicator %(name)s defined.")
                )
                messages.success(request, text % {"name": saved.name})
                return redirect("measures:indicator", slug=access.collaborative.slug, pk=saved.pk)
    status = 400 if saving and form.errors else 200
    return render(
        request,
        "measures/indicator_form.html",
        {"form": form, "editor": editor, "indicator": indicator},
        status=status,
    )


def _indicator_initial(indicator: Indicator | None, typed: Any) -> dict[str, Any] | None:
    """What the form shows first: the indicator's fields, or (a row added to the breakdown
    editor) what was typed, unchecked until it is saved."""
    if typed is not None:
        initial = {name: typed.get(name) for name in forms.IndicatorForm.base_fields}
        initial["reporters"] = typed.getlist("reporters")
        return initial
    if indicator is None:
        return None
    editor = ("disaggregations", "disaggregation_labels")  # the breakdown editor's
    initial = {f: getattr(indicator, f) for f in FIELDS if f not in editor}
    initial["reporters"] = [str(pk) for pk in indicator.reporters.values_list("pk", flat=True)]
    initial["version"] = indicator.version
    return initial


def _indicator_save(
    access: Access, indicator: Indicator | None, data: dict[str, Any], dims: Any, form: Any
) -> Indicator | None:
    reporters = [int(x) for x in data.pop("reporters")]
    version = data.pop("version", None)
    data["disaggregations"] = dims
    data["decimals"] = data["decimals"] or 0
    try:
        if indicator is None:
            return services.indicator_create(access=access, reporters=reporters, **data)
        return indicator_update(
            access=access,
            indicator_id=indicator.pk,
            changes=data,
            reporters=reporters,
            version=version,
        )
    except ServiceError as exc:
        apply_service_error(form, exc)
        return None


@require_POST
@collaborative_view(manage=True)
def target_set(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    indicator = access.get_owned(Indicator, pk=pk)
    form = forms.TargetForm(request.POST)
    choices = [(p.pk, p.code) for p in access.scope(Period).filter(frequency=indicator.frequency)]
    form.fields["period"].choices = choices  # type: ignore[attr-defined]
    if form.is_valid():
        services.target_set(
            access=access,
            indicator_id=pk,
            period_id=form.cleaned_data["period"],
            value=form.cleaned_data["value"],
        )
        messages.success(request, _("Target saved."))
    else:
        messages.error(request, _("Choose a period and enter the target as a number."))
    return redirect("measures:indicator", slug=access.collaborative.slug, pk=pk)


@require_POST
@collaborative_view(manage=True)
def objectives_set(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    ids = [int(x) for x in request.POST.getlist("objectives") if x.isdigit()]
    services.indicator_links_set(access=access, indicator_id=pk, objective_ids=ids)
    messages.success(request, _("Objectives linked."))
    return redirect("measures:indicator", slug=access.collaborative.slug, pk=pk)


@collaborative_view(manage=True)
def framework_import(request: HttpRequest, access: Access) -> HttpResponse:
    """The whole framework from one file: indicators, reporters, breakdowns, targets."""

    def done(result: Any) -> tuple[str, HttpResponse]:
        message = _(
            "%(created)s indicators added, %(updated)s changed and %(targets)s targets set."
        ) % {"created": result.created, "updated": result.updated, "targets": result.targets}
        return message, redirect("measures:scorecard", slug=access.collaborative.slug)

    return import_page(
        request,
        run=lambda upload, max_bytes: framework.import_framework(
            access=access, source=upload, filename=upload.name, max_bytes=max_bytes
        ),
        done=done,
        template="measures/framework.html",
        columns=framework.COLUMNS,
    )


@collaborative_view()
def framework_export(request: HttpRequest, access: Access) -> HttpResponse:
    return spreadsheet_response(
        lambda fmt, fh: framework.export_framework(access=access, fmt=fmt, fileobj=fh),
        request.GET.get("format", "csv"),
        f"{access.collaborative.slug}-indicators",
    )


@require_POST
@collaborative_view(manage=True)
def targets_many(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    """The targets of many periods of one indicator in one save; an emptied cell removes one."""
    indicator = access.get_owned(Indicator, pk=pk)
    periods = access.scope(Period).filter(frequency=indicator.frequency)
    existing = set(
        access.scope(Target).filter(indicator=indicator).values_list("period_id", flat=True)
    )
    rows, wrong = [], []
    decimal = language_decimal()
    for period in periods:
        name = f"target-{period.pk}"
        if name not in request.POST:
            continue
        try:
            value = read_number(request.POST[name], decimal)
        except NumberError as exc:
            wrong.append(f"{period.code} ({number_message(exc, decimal)})")
            continue
        if value is not None or period.pk in existing:
            rows.append(TargetRow(indicator.pk, period.pk, value))
    if wrong:
        messages.error(
            request,
            _("Enter the targets as numbers. %(periods)s. Nothing was saved.")
            % {"periods": ", ".join(wrong)},
        )
    else:
        try:
            done, removed = targets_set(access=access, rows=rows)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(n)s targets saved, %(r)s removed.") % {"n": done, "r": removed},
            )
    return redirect("measures:indicator", slug=access.collaborative.slug, pk=pk)
