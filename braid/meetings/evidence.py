"""Evidence for the observed level of collaboration (braid.partners.levels) from attendance:
how often an organisation sat at the collaborative's meetings over the last 12 months.

communication: "formal" when it was present at three quarters or more of the meetings it was
expected at, and at four or more (regular, minuted meetings); "regular" at half or more, and
three or more; "occasional" when it was present at any.
"""

from __future__ import annotations

from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
from django.utils import timezone

from braid.meetings.models import Attendance, MeetingStatus, Presence
from braid.meetings.selectors import attendance_rates
from braid.partners.levels import register_evidence


def evidence(collaborative_id: int, organisation_ids: list[int]) -> dict[int, dict[str, str]]:
    rates = attendance_rates(collaborative_id)
    since = timezone.localdate() - relativedelta(months=12)
    present: dict[int, set[int]] = {}
    for org_id, meeting_id in Attendance.objects.filter(
        collaborative_id=collaborative_id,
        organisation_id__in=organisation_ids,
        status=Presence.PRESENT,
        meeting__status=MeetingStatus.SCHEDULED,
        meeting__starts_at__date__gte=since,
    ).values_list("organisation_id", "meeting_id"):
        present.setdefault(org_id, set()).add(meeting_id)
    out: dict[int, dict[str, str]] = {}
    for org_id, meetings in present.items():
        n, rate = len(meetings), rates.get(org_id, 0.0)
        if rate >= 0.75 and n >= 4:
            out[org_id] = {"communication": "formal"}
        elif rate >= 0.5 and n >= 3:
            out[org_id] = {"communication": "regular"}
        else:
            out[org_id] = {"communication": "occasional"}
    return out


register_evidence(evidence)
