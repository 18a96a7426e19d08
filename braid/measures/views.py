"""Pages of the shared-measures module."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from braid.agenda import selectors as agenda_selectors
from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.collaboratives.selectors import partner_members
from braid.core.background import start
from braid.core.errors import ServiceError
from braid.core.forms import apply_service_error, file_too_large
from braid.core.http import import_page, spreadsheet_response
from braid.lib import gc_pause
from braid.lib.numbers import NumberError
from braid.lib.tabular import write_csv
from braid.measures import exports, forms, framework, notify, present, selectors, services
from braid.measures.imports import is_csv
from braid.measures.indicator_rules import FIELDS
from braid.measures.indicators import history as indicator_history
from braid.measures.indicators import indicator_update
from braid.measures.models import ImportJob, Indicator, Period, Submission, Target, Value
from braid.measures.rules import language_decimal, number_message, read_number
from braid.measures.targets import TargetRow, targets_set
from braid.measures.value_template import write_template
from braid.partners.models import Organisation


@collaborative_view()
def scorecard(request: HttpRequest, access: Access) -> HttpResponse:
    objectives = _objectives(access)
    chosen = next((o for o in objectives if str(o.pk) == request.GET.get("objective")), None)
    group = request.GET.get("group", "")
    with gc_pause.paused():  # some 30,000 short-lived objects for 200 indicators
        rows = selectors.scorecard(access, objective_id=chosen.pk if chosen else None)
        return render(
            request,
            "measures/scorecard.html",
            {
                "headline": present.headline(rows),
                "groups": present.groups(
                    rows,
                    agenda_selectors.objective_groups(access),
                    group,
                    slug=access.collaborative.slug,
                ),
                "group": group if group in present.GROUPINGS else "",
                "objectives": objectives,
                "chosen": chosen,
                "print": request.GET.get("print") == "1",
                "rows_count": len(rows),
            },
        )


@collaborative_view()
def indicator_detail(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    indicator = access.get_owned(selectors.indicators(access), pk=pk)
    [row] = selectors.scorecard(access, indicator_id=indicator.pk)
    periods = list(access.scope(Period).filter(frequency=indicator.frequency).order_by("-start"))
    period = next(
        (p for p in periods if str(p.pk) == request.GET.get("period")),
        row.latest_period or (periods[0] if periods else None),
    )
    total = next((p.actual for p in row.points if period and p.period.pk == period.pk), None)
    story_form = forms.StoryForm(initial={"period": period.pk if period else None})
    story_form.fields["period"].choices = [(p.pk, p.code) for p in periods]  # type: ignore[attr-defined]
    parts = selectors.by_disaggregation(access, indicator, period) if period else {}
    parts_charts = {
        dim: {
            "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "width": "container",
            "height": 160,
            "data": {"values": [{"part": p, "value": v} for p, _s, v in vals if v is not None]},
            "mark": {"type": "bar", "tooltip": True},
            "encoding": {
                "y": {"field": "part", "type": "nominal", "title": None},
                "x": {"field": "value", "type": "quantitative", "title": None},
            },
        }
        for dim, vals in parts.items()
    }
    return render(
        request,
        "measures/indicator.html",
        {
            "row": row,
            "indicator": indicator,
            "chart": present.chart_spec(row),
            "verdict": present.verdict(row),
            "coverage": present.coverage(row),
            "table": present.table(row),
            "gaps": present.breakdown_gaps(row.indicator, total, parts),
            "period": period,
            "periods": periods[:24],
            "partners": selectors.by_partner(access, indicator, period) if period else [],
            "parts": parts,
            "parts_charts": parts_charts,
            "stories": selectors.stories(access, indicator),
            "story_form": story_form,
            "targets": access.scope(Target)
            .filter(indicator=indicator)
            .select_related("period")
            .order_by("period__start"),
            "target_rows": _target_rows(access, indicator, periods),
            "objectives": _objectives(access),
            "linked": set(indicator.objectives.values_list("pk", flat=True)),
            "changes": indicator_history(access, indicator),
            "strategies": agenda_selectors.activities(access)
            .filter(objectives__indicators=indicator)
            .distinct(),
        },
    )


def _target_rows(
    access: Access, indicator: Indicator, periods: list[Period]
) -> list[tuple[Period, float | None]]:
    """The periods the targets form offers (oldest first, at most 60) with their targets."""
    have = dict(access.scope(Target).filter(indicator=indicator).values_list("period_id", "value"))
    return [(p, have.get(p.pk)) for p in reversed(periods[:60])]


@require_POST
@collaborative_view(manage=True)
def story_save(request: HttpRequest, access: Access, pk: int) -> HttpResponse:
    services.story_save(
        access=access,
        indicator_id=pk,
        period_id=int(request.POST.get("period", 0)),
        text=request.POST.get("text", ""),
    )
    messages.success(request, _("Story saved."))
    return redirect("measures:indicator", slug=access.collaborative.slug, pk=pk)


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
        posted, initial=indicator.disaggregations if indicator else None
    )
    saving = posted is not None and not adding
    if saving and form.is_valid():
        dims = editor.value()
        if editor.error:
            form.add_error(None, editor.error)
        else:
            saved = _indicator_save(access, indicator, dict(form.cleaned_data), dims, form)
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
    initial = {f: getattr(indicator, f) for f in FIELDS if f != "disaggregations"}
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


def _objectives(access: Access) -> list[Any]:
    from django.apps import apps

    return list(access.scope(apps.get_model("agenda", "Objective")).order_by("title"))


def my_org(access: Access, request: HttpRequest) -> int:
    """The organisation whose reports this page works on, as the disclosure policy decides
    (`Audience.reports_for`); 404 for a reader who reports for none."""
    audience = access.audience
    org = audience.reports_for(request.GET.get("organisation") or request.POST.get("organisation"))
    if org is None:
        raise Http404
    return org if audience.owns(org) else access.get_owned(Organisation, pk=org).pk


@collaborative_view()
def report(request: HttpRequest, access: Access) -> HttpResponse:
    """What we owe, by when: the partner's (or, for a steward, a chosen partner's) periods."""
    if access.can_manage() and not request.GET.get("organisation"):
        return redirect("measures:review", slug=access.collaborative.slug)
    org_id = my_org(access, request)
    jobs = access.scope(ImportJob).filter(organisation_id=org_id)[:5]
    return render(
        request,
        "measures/report.html",
        {
            "owed": selectors.owed(access, org_id),
            "organisation": access.get_owned(Organisation, pk=org_id),
            "jobs": jobs,
            "upload_form": forms.UploadForm(),
        },
    )


@collaborative_view()
def entry(request: HttpRequest, access: Access, period_id: int) -> HttpResponse:
    """Enter one period's figures, with the previous periods beside them."""
    org_id = my_org(access, request)
    period = access.get_owned(Period, pk=period_id)
    inds = list(selectors.indicators(access).filter(reporters=org_id, frequency=period.frequency))
    submission = access.scope(Submission).filter(organisation_id=org_id, period=period).first()
    if request.method == "POST":
        return _entry_post(request, access, org_id, period, inds, submission)
    return _entry_page(request, access, org_id, period, inds, submission)


def _typed(post: Any, ind: Indicator, current: Any) -> dict[str, str]:
    """What the entry field shows: what was just typed when the form comes back, else the saved figure."""
    if post is not None:
        return {k: post.get(f"{k}-{ind.pk}", "") for k in ("value", "num", "den")}
    saved = {"value": "value", "num": "numerator", "den": "denominator"}
    return {
        k: "" if current is None or getattr(current, a) is None else str(getattr(current, a))
        for k, a in saved.items()
    }


def _entry_page(
    request: HttpRequest,
    access: Access,
    org_id: int,
    period: Period,
    inds: list[Indicator],
    submission: Submission | None,
    problems: dict[str, str] | None = None,
) -> HttpResponse:
    post = request.POST if problems is not None else None
    previous = list(
        access.scope(Period)
        .filter(frequency=period.frequency, start__lt=period.start)
        .order_by("-start")[:3]
    )
    vals = {
        (v.indicator_id, v.period_id, v.disaggregation): v
        for v in Value.objects.filter(
            collaborative_id=access.collaborative.pk,
            indicator_id__in=[i.pk for i in inds],
            organisation_id=org_id,
            period_id__in=[period.pk, *[p.pk for p in previous]],
        )
    }
    rows = []
    for i in inds:
        current = vals.get((i.pk, period.pk, ""))
        field = _typed(post, i, current)
        field["error"] = (problems or {}).get(i.code, "")
        rows.append((i, current, [vals.get((i.pk, p.pk, "")) for p in previous], field))
    editable = submission is None or submission.status in services.EDITABLE
    context = {
        "period": period,
        "previous": previous,
        "rows": rows,
        "submission": submission,
        "editable": editable,
        "organisation": access.get_owned(Organisation, pk=org_id),
        "version": (submission.version if submission else 1)
        if post is None
        else post.get("version", "1"),
        "problems": problems,
        "other_problems": [
            m for code, m in (problems or {}).items() if code not in {i.code for i in inds}
        ],
    }
    return render(request, "measures/entry.html", context, status=400 if problems else 200)


def _entry_post(
    request: HttpRequest,
    access: Access,
    org_id: int,
    period: Period,
    inds: list[Indicator],
    submission: Submission | None,
) -> HttpResponse:
    values: dict[tuple[int, str], Any] = {}
    for i in inds:
        if i.is_percentage:
            values[(i.pk, "")] = (
                request.POST.get(f"num-{i.pk}", ""),
                request.POST.get(f"den-{i.pk}", ""),
            )
        else:
            values[(i.pk, "")] = request.POST.get(f"value-{i.pk}", "")
    target = redirect(
        request.path if access.audience.owns(org_id) else f"{request.path}?organisation={org_id}"
    )
    try:
        version = int(request.POST.get("version", "0")) or None
        services.values_save(
            access=access,
            organisation_id=org_id,
            period_id=period.pk,
            values=values,
            version=version,
            reason=_("entered in the form"),
            # The figures are read as the page's language writes them ("1,5" in French).
            decimal=language_decimal(),
        )
        if request.POST.get("action") == "submit":
            services.submission_submit(access=access, organisation_id=org_id, period_id=period.pk)
            messages.success(request, _("Submitted. The backbone will review your figures."))
        else:
            messages.success(
                request, _("Draft saved. Anyone reporting for your organisation can continue it.")
            )
    except ServiceError as exc:
        # Nothing was saved: the page comes back with every figure as typed and each problem beside it.
        found = {p.field: p.message for p in exc.problems or []}
        if not exc.problems:
            found[""] = exc.message
        return _entry_page(request, access, org_id, period, inds, submission, problems=found)
    return target


@require_POST
@collaborative_view()
def upload(request: HttpRequest, access: Access) -> HttpResponse:
    # A steward may upload a file of many organisations (its organisation column says whose).
    asked = request.POST.get("organisation")
    org_id = None if access.can_manage() and not asked else my_org(access, request)
    form = forms.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV or XLSX file to upload."))
        return redirect("measures:report", slug=access.collaborative.slug)
    upload = form.cleaned_data["file"]
    if too_large := file_too_large(upload.size):
        messages.error(request, too_large)
        return redirect("measures:report", slug=access.collaborative.slug)
    folder = settings.MEDIA_ROOT / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}-{upload.name[-60:]}"
    with open(path, "wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    job = ImportJob.objects.create(
        collaborative=access.collaborative,
        organisation_id=org_id,
        created_by=access.user,
        filename=upload.name,
        path=str(path),
        rows_total=_csv_rows(path),
        # What the import reads the file with, until the outcome replaces it.
        result={"decimal": form.cleaned_data["decimal"] or None, "default": language_decimal()},
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


@collaborative_view()
def job(request: HttpRequest, access: Access, job_id: int) -> HttpResponse:
    job = access.get_owned(ImportJob, pk=job_id)
    if not access.audience.sees_upload(job.created_by_id):
        raise Http404
    template = "measures/_job.html" if request.headers.get("HX-Request") else "measures/job.html"
    return render(request, template, {"job": job, "upload_form": forms.UploadForm()})


@collaborative_view(manage=True)
def review(request: HttpRequest, access: Access) -> HttpResponse:
    """Completeness board: who has submitted, who is late, who was reminded; approve or return."""
    periods = list(access.scope(Period).order_by("-start")[:6])[::-1]
    board = selectors.completeness(access, periods)
    reachable = set(
        partner_members(access, [org.pk for org, _cells in board]).values_list(
            "organisation_id", flat=True
        )
    )
    waiting = (
        access.scope(Submission)
        .filter(status="submitted")
        .select_related("organisation", "period", "submitted_by")
        .order_by("period__start", "organisation__name")
    )
    return render(
        request,
        "measures/review.html",
        {
            "periods": periods,
            "board": board,
            "reachable": reachable,
            "waiting": waiting,
            "return_form": forms.ReturnForm(),
        },
    )


@require_POST
@collaborative_view(manage=True)
def approve(request: HttpRequest, access: Access, submission_id: int) -> HttpResponse:
    try:
        s = services.submission_approve(access=access, submission_id=submission_id)
        messages.success(request, _("Approved: %(s)s. The scorecard is updated.") % {"s": s})
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("measures:review", slug=access.collaborative.slug)


@require_POST
@collaborative_view(manage=True)
def return_submission(request: HttpRequest, access: Access, submission_id: int) -> HttpResponse:
    try:
        s = services.submission_return(
            access=access, submission_id=submission_id, comment=request.POST.get("comment", "")
        )
        messages.success(
            request, _("Returned to %(org)s with your comment.") % {"org": s.organisation.name}
        )
        if not partner_members(access, [s.organisation_id]).exists():
            messages.warning(
                request,
                _(
                    "Nobody at %(org)s has an account, so nobody was told: invite someone "
                    "from the members page."
                )
                % {"org": s.organisation.name},
            )
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("measures:review", slug=access.collaborative.slug)


@require_POST
@collaborative_view(manage=True)
def remind(request: HttpRequest, access: Access, period_id: int) -> HttpResponse:
    report = notify.reminders_send(access=access, period_id=period_id)
    period = report.period.code
    if report.sent:
        messages.success(
            request,
            ngettext(
                "Reminder for %(period)s e-mailed to %(people)s: %(who)s.",
                "Reminders for %(period)s e-mailed to %(people)s people: %(who)s.",
                len(report.sent),
            )
            % {
                "period": period,
                "people": len(report.sent),
                "who": ", ".join(f"{email} ({org})" for org, email in report.sent),
            },
        )
    elif not report.nobody:
        messages.info(
            request, _("Nobody owes %(period)s any more: no reminder sent.") % {"period": period}
        )
    if report.nobody:
        messages.warning(
            request,
            _(
                "No reminder could go to %(names)s: nobody has an account for them. "
                "Invite someone from each (see “Invite someone” on the board)."
            )
            % {"names": ", ".join(o.name for o in report.nobody)},
        )
    return redirect("measures:review", slug=access.collaborative.slug)


@collaborative_view()
def export(request: HttpRequest, access: Access) -> HttpResponse:
    return spreadsheet_response(
        lambda fmt, fh: exports.export_values(access=access, fmt=fmt, fileobj=fh),
        request.GET.get("format", "csv"),
        f"{access.collaborative.slug}-values",
    )


@collaborative_view()
def periods(request: HttpRequest, access: Access) -> HttpResponse:
    form = forms.ScheduleForm(request.POST or None)
    if request.method == "POST":
        access.require_manage()
        if form.is_valid():
            try:
                created = services.periods_schedule(access=access, **form.cleaned_data)
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("%(n)s periods opened.") % {"n": len(created)})
                return redirect("measures:periods", slug=access.collaborative.slug)
    return render(
        request,
        "measures/periods.html",
        {"periods": access.scope(Period).order_by("-start"), "form": form},
    )


@require_POST
@collaborative_view(manage=True)
def period_close(request: HttpRequest, access: Access, period_id: int) -> HttpResponse:
    period = services.period_close(
        access=access, period_id=period_id, closed=request.POST.get("closed") == "1"
    )
    messages.success(
        request,
        (_("%(p)s closed.") if period.closed else _("%(p)s reopened.")) % {"p": period.code},
    )
    return redirect("measures:periods", slug=access.collaborative.slug)


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


@collaborative_view()
def value_template(request: HttpRequest, access: Access, period_id: int) -> HttpResponse:
    """The file to fill in for a period: codes, names and the previous period's figures."""
    org = access.get_owned(Organisation, pk=my_org(access, request))
    period = access.get_owned(Period, pk=period_id)
    return spreadsheet_response(
        lambda fmt, fh: write_template(
            access=access, organisation=org, period=period, fmt=fmt, fileobj=fh
        ),
        request.GET.get("format", "csv"),
        f"{access.collaborative.slug}-{period.code}-template",
    )


@collaborative_view()
def job_problems(request: HttpRequest, access: Access, job_id: int) -> HttpResponse:
    """A refused upload's problems as a CSV file: row, column, value, what to fix."""
    job = access.get_owned(ImportJob, pk=job_id)
    if not access.audience.sees_upload(job.created_by_id):
        raise Http404
    problems = (job.result or {}).get("problems", [])
    rows = ([p.get("row"), p.get("column"), p.get("value"), p.get("message")] for p in problems)
    return spreadsheet_response(
        lambda fmt, fh: write_csv(rows, ["row", "column", "value", "problem"], fh),
        "csv",
        f"problems-{job.pk}",
    )
