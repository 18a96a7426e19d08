"""Pages of the networks module (Assess): the map and its measures."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from braid.collaboratives.access import Access
from braid.collaboratives.decorators import collaborative_view
from braid.networks import selectors
from braid.networks.present import map_context


def _network(access: Access, kind: str) -> selectors.Network:
    return selectors.activity_network(access)


@collaborative_view()
def network_map(request: HttpRequest, access: Access) -> HttpResponse:
    kind = request.GET.get("kind", selectors.ACTIVITIES)
    if kind not in selectors.KIND_LABELS:
        kind = selectors.ACTIVITIES
    network = _network(access, kind)
    sector = request.GET.get("sector", "")
    try:
        level = min(max(int(request.GET.get("level", "1")), 1), 4)
    except ValueError:
        level = 1
    context = map_context(network, sector=sector, min_strength=level)
    context["kinds"] = [(k, str(v)) for k, v in selectors.KIND_LABELS.items()]
    return render(request, "networks/map.html", context)


@collaborative_view()
def network_svg(request: HttpRequest, access: Access) -> HttpResponse:
    kind = request.GET.get("kind", selectors.ACTIVITIES)
    network = _network(access, kind if kind in selectors.KIND_LABELS else selectors.ACTIVITIES)
    response = HttpResponse(selectors.svg(network), content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="network-{network.kind}.svg"'
    return response
