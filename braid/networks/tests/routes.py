"""This module's routes, classified for the guard tests (see braid/core/tests/routes.py):
`DISCLOSES` maps a page name or "METHOD /api/v1/path" to its calls, `SILENT` maps one to the
reason it shows no partner figure. braid/core/tests/routes.py merges every app's."""

from __future__ import annotations

from braid.core.tests.routes import Call

NETWORK = "ties between organisations and measures of the network: no reported figure"

DISCLOSES: dict[str, list[Call]] = {}
SILENT: dict[str, str] = {
    "networks:map": NETWORK,
    "networks:map_svg": NETWORK,
}
