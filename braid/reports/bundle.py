"""The reports module's rows in a collaborative export (published snapshots as frozen)."""

from __future__ import annotations

from braid.core.bundle import Part, id_list, register_parts
from braid.reports.models import PublicPage, Report

INDICATORS = {"indicator_ids": id_list("measures.Indicator")}

register_parts("reports", [Part(Report, remap=INDICATORS), Part(PublicPage, remap=INDICATORS)])
