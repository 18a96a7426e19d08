"""Pages where a partner reports: what it owes, the figures form, uploads and their outcome,
and the template to fill in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.errors import ServiceError
from braid.core.http import spreadsheet_response
from braid.lib.tabular import write_csv
from braid.measures import forms, selectors, services
from braid.measures.models import ImportJob, Indicator, Period, Submission, Value
from braid.measures.rules import language_decimal
from braid.measures.value_template import write_template
from braid.partners.models import Organisation


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
    vals = _saved(access, org_id, inds, [period, *previous])
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


def _saved(
    access: Access, org_id: int, inds: list[Indicator], periods: list[Period]
) -> dict[tuple[int, int, str], Value]:
    """The organisation's saved figures of these indicators and periods, by key."""
    return {
        (v.indicator_id, v.period_id, v.disaggregation): v
        for v in Value.objects.filter(
            collaborative_id=access.collaborative.pk,
            indicator_id__in=[i.pk for i in inds],
            organisation_id=org_id,
            period_id__in=[p.pk for p in periods],
        )
    }


def _posted(post: Any, inds: list[Indicator]) -> dict[tuple[int, str], Any]:
    """The figures typed in the form, by (indicator, breakdown): a pair for a percentage."""
    values: dict[tuple[int, str], Any] = {}
    for i in inds:
        if i.is_percentage:
            values[(i.pk, "")] = (post.get(f"num-{i.pk}", ""), post.get(f"den-{i.pk}", ""))
        else:
            values[(i.pk, "")] = post.get(f"value-{i.pk}", "")
    return values


def _entry_post(
    request: HttpRequest,
    access: Access,
    org_id: int,
    period: Period,
    inds: list[Indicator],
    submission: Submission | None,
) -> HttpResponse:
    values = _posted(request.POST, inds)
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


@collaborative_view()
def job(request: HttpRequest, access: Access, job_id: int) -> HttpResponse:
    job = access.get_owned(ImportJob, pk=job_id)
    if not access.audience.sees_upload(job.created_by_id):
        raise Http404
    template = "measures/_job.html" if request.headers.get("HX-Request") else "measures/job.html"
    return render(request, template, {"job": job, "upload_form": forms.UploadForm()})


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
