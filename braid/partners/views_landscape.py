"""The Diagnose module's landscape pages: the context factors (what opens or closes the way,
when) and the partners' levels of collaboration."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.core.errors import ServiceError
from braid.core.forms import apply_service_error
from braid.core.http import downloadable
from braid.partners import downloads, forms, selectors, services
from braid.partners.levels import LEVEL_LABELS, partner_levels
from braid.partners.models import Category, Effect


@collaborative_view()
@downloadable(downloads.context)
def context(request: HttpRequest, access: Access) -> HttpResponse:
    form = forms.ContextForm(request.POST or None)
    if request.method == "POST":
        access.require_manage()
        if form.is_valid():
            try:
                services.context_factor_add(access=access, **form.cleaned_data)
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("Context factor added."))
                return redirect("partners:context", slug=access.collaborative.slug)
    factors = list(selectors.context_factors(access))
    labels = {c.value: str(c.label) for c in Category} | {e.value: str(e.label) for e in Effect}
    today = timezone.localdate()
    return render(
        request,
        "partners/context.html",
        {
            "factors": factors,
            "form": form,
            "chart": selectors.context_chart(factors, labels),
            "open_now": [
                f
                for f in factors
                if f.effect == "opens" and f.date <= today <= (f.end_date or f.date)
            ],
            "upcoming": [f for f in factors if f.date > today],
        },
    )


@require_POST
@collaborative_view(manage=True)
def context_delete(request: HttpRequest, access: Access, factor_id: int) -> HttpResponse:
    services.context_factor_delete(access=access, factor_id=factor_id)
    messages.success(request, _("Context factor removed."))
    return redirect("partners:context", slug=access.collaborative.slug)


@collaborative_view()
@downloadable(downloads.levels)
def levels(request: HttpRequest, access: Access) -> HttpResponse:
    rows = partner_levels(access)
    sectors = dict(selectors.sector_choices(access.collaborative.pk))
    data = [
        {
            "organisation": r.organisation.name,
            "sector": sectors.get(r.organisation.sector, ""),
            "level": int(r.observed),
            "label": r.observed_label,
        }
        for r in rows
    ]
    chart = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 240,
        "data": {"values": data},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {
                "field": "label",
                "type": "ordinal",
                "title": _("Observed level"),
                "scale": {"domain": [str(v) for v in LEVEL_LABELS.values()]},
                "axis": {"labelAngle": 0},
            },
            "y": {"aggregate": "count", "title": _("Partners")},
            "color": {"field": "sector", "type": "nominal", "title": _("Sector")},
        },
    }
    return render(
        request, "partners/levels.html", {"rows": rows, "chart": chart, "sectors": sectors}
    )
