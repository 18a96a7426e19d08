"""JSON API of the shared-measures module."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from braid.collaboratives.access import access_for
from braid.core.api import ERRORS, Page
from braid.core.errors import ServiceError
from braid.measures import selectors, services
from braid.measures.api_schemas import (
    IndicatorChangeOut,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatchIn,
    IndicatorPutIn,
)
from braid.measures.indicators import indicator_update
from braid.measures.models import Indicator, IndicatorChange, Period

router = Router(tags=["measures"])


BASE = "/collaboratives/{slug}"


@router.get(BASE + "/indicators", response={200: list[IndicatorOut], **ERRORS})
@paginate(Page)
def list_indicators(request: HttpRequest, slug: str) -> Any:
    return selectors.indicators(access_for(request.user, slug))


@router.post(BASE + "/indicators", response={201: IndicatorOut, **ERRORS})
def create_indicator(request: HttpRequest, slug: str, payload: IndicatorIn) -> Any:
    access = access_for(request.user, slug)
    data = _indicator_data(access, payload.dict())
    reporters = data.pop("reporters")
    return Status(201, services.indicator_create(access=access, reporters=reporters, **data))


def _indicator_data(access: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The API's names as the service's: the baseline period by its code."""
    if "baseline_period" in data:
        code = data.pop("baseline_period")
        period = access.scope(Period).filter(code=code).first() if code else None
        if code and period is None:
            raise ServiceError.on(
                "baseline_period",
                _("No period “%(code)s”: give the code of an open period, e.g. 2026-Q1.")
                % {"code": code},
            )
        data["baseline_period_id"] = period.pk if period else None
    return data


@router.get(BASE + "/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS})
def get_indicator(request: HttpRequest, slug: str, indicator_id: int) -> Any:
    return access_for(request.user, slug).get_owned(selectors.indicators_all(), pk=indicator_id)


@router.put(BASE + "/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS})
def put_indicator(
    request: HttpRequest, slug: str, indicator_id: int, payload: IndicatorPutIn
) -> Any:
    """Replace every field of the indicator (left out: the default) and its reporters."""
    return _update(request, slug, indicator_id, payload.dict())


@router.patch(BASE + "/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS})
def patch_indicator(
    request: HttpRequest, slug: str, indicator_id: int, payload: IndicatorPatchIn
) -> Any:
    """Change the fields sent, and only those."""
    return _update(request, slug, indicator_id, payload.dict(exclude_unset=True))


def _update(request: HttpRequest, slug: str, indicator_id: int, data: dict[str, Any]) -> Any:
    access = access_for(request.user, slug)
    data = _indicator_data(access, data)
    version, reporters = data.pop("version", None), data.pop("reporters", None)
    indicator_update(
        access=access,
        indicator_id=indicator_id,
        changes=data,
        reporters=reporters,
        version=version,
    )
    return access.get_owned(selectors.indicators_all(), pk=indicator_id)


@router.get(
    BASE + "/indicators/{indicator_id}/history",
    response={200: list[IndicatorChangeOut], **ERRORS},
)
@paginate(Page)
def indicator_changes(request: HttpRequest, slug: str, indicator_id: int) -> Any:
    """Who changed which field of the indicator's definition, when: newest first."""
    access = access_for(request.user, slug)
    indicator = access.get_owned(Indicator, pk=indicator_id)
    return access.scope(IndicatorChange).filter(indicator=indicator).select_related("changed_by")


def _mount() -> None:
    """Figures and their workflow, periods and targets, and the bulk workflow steps live in
    their own modules, on this router."""
    from braid.measures.api_periods import router as periods
    from braid.measures.api_values import router as values
    from braid.measures.bulk_api import router as bulk

    router.add_router("", periods)
    router.add_router("", values)
    router.add_router("", bulk)


_mount()
