"""Attendance and the minutes' lifecycle: draft → circulated (amendments only by people
present) → approved → frozen (then only recorded corrections); sanitised Markdown; the PDF."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer, make_persona
from braid.core.errors import ServiceError
from braid.core.testing import table_counts
from braid.meetings import minutes
from braid.meetings.models import ItemState, MinutesStatus
from braid.meetings.tests.factories import make_body, make_meeting

HOSTILE = (
    "Intro <script>alert(1)</script> **kept**\n\n"
    '[click](javascript:alert(2)) <img src=x onerror="alert(3)">\n\n'
    '<a href="#" onclick="x()">a</a>'
)


@pytest.fixture
def held(collaborative, organisation, steward, partner):  # type: ignore[no-untyped-def]
    meeting = make_meeting(steward, collaborative, make_body(collaborative, organisation))
    access = access_for(steward, "riverside")
    from braid.meetings import services

    services.agenda_item_add(access=access, meeting_id=meeting.pk, title="Budget")
    absent = make_persona(collaborative, "partner", organisation=organisation, email="absent@x.org")
    minutes.attendance_record(
        access=access,
        meeting_id=meeting.pk,
        lines=[
            minutes.Line("present", user_id=steward.pk, chaired=True),
            minutes.Line("present", user_id=partner.pk),
            minutes.Line("absent", user_id=absent.pk),
        ],
    )
    return meeting, absent


def test_attendance_rules(collaborative, other_collaborative, steward, held):  # type: ignore[no-untyped-def]
    meeting, _absent = held
    access = access_for(steward, "riverside")
    stranger = make_persona(other_collaborative, "viewer", email="stranger@x.org")
    before = table_counts()
    with pytest.raises(ServiceError) as exc:
        minutes.attendance_record(
            access=access,
            meeting_id=meeting.pk,
            lines=[
                minutes.Line("present", user_id=stranger.pk),
                minutes.Line("asleep", user_id=steward.pk, chaired=True),
            ],
        )
    text = " ".join(p.message for p in exc.value.problems)
    assert "is not a member of this collaborative" in text
    assert "choose present, apologies or absent" in text
    assert table_counts() == before  # nothing half-saved: the old list stands
    assert meeting.attendance.count() == 3


def test_minutes_lifecycle(
    collaborative, steward, partner, viewer, held, steward_client, partner_client, viewer_client
):  # type: ignore[no-untyped-def]
    meeting, absent = held
    s = access_for(steward, "riverside")
    item = meeting.items.get()
    minutes.minutes_save(
        access=s,
        meeting_id=meeting.pk,
        text=HOSTILE,
        outcomes={item.pk: ("unfinished", "Pending figures")},
    )
    url = reverse("meetings:detail", args=["riverside", meeting.pk])
    page = steward_client.get(url).content.decode()
    assert "<strong>kept</strong>" in page
    # what hostile markup remains is text, never a tag, a handler or a javascript: link
    for bad in ("<script>alert(1)", 'href="javascript', "<img", '<a href="#" onclick'):
        assert bad not in page
    # a draft is the stewards' only
    assert "<strong>kept</strong>" not in viewer_client.get(url).content.decode()
    assert "<strong>kept</strong>" not in partner_client.get(url).content.decode()
    minutes.minutes_circulate(access=s, meeting_id=meeting.pk)
    assert "<strong>kept</strong>" in partner_client.get(url).content.decode()  # attendee
    assert "<strong>kept</strong>" not in viewer_client.get(url).content.decode()
    # the partner was present: may amend; the absent one may only comment
    r = partner_client.post(
        reverse("meetings:minutes_comment", args=["riverside", meeting.pk]),
        {"text": "Budget was 12 000, not 10 000", "amendment": "1"},
    )
    assert r.status_code == 302
    with pytest.raises(ServiceError, match="Only people recorded as present"):
        minutes.minutes_comment(
            access=access_for(absent, "riverside"), meeting_id=meeting.pk, text="x", amendment=True
        )
    minutes.minutes_comment(
        access=access_for(absent, "riverside"), meeting_id=meeting.pk, text="Sorry I missed it"
    )
    with pytest.raises(PermissionDenied):
        minutes.minutes_comment(
            access=access_for(viewer, "riverside"), meeting_id=meeting.pk, text="x"
        )
    with pytest.raises(ServiceError, match="every proposed amendment"):
        minutes.minutes_approve(access=s, meeting_id=meeting.pk)
    amendment = meeting.comments.get(is_amendment=True)
    minutes.amendment_decide(access=s, comment_id=amendment.pk, accept=True)
    minutes.minutes_save(access=s, meeting_id=meeting.pk, text="Budget: 12 000.")
    minutes.minutes_approve(access=s, meeting_id=meeting.pk)
    minutes.minutes_freeze(access=s, meeting_id=meeting.pk)
    meeting.refresh_from_db()
    assert (
        meeting.minutes_status == MinutesStatus.FROZEN
        and meeting.minutes_frozen == "Budget: 12 000."
    )
    assert "Budget: 12 000." in viewer_client.get(url).content.decode()
    # frozen: editing is refused, in the page and the API; a correction is recorded
    with pytest.raises(ServiceError, match="record a correction"):
        minutes.minutes_save(access=s, meeting_id=meeting.pk, text="changed")
    r = Client().put(
        f"/api/v1/collaboratives/riverside/meetings/{meeting.pk}/minutes",
        {"text": "changed"},
        content_type="application/json",
        **bearer(steward),
    )
    assert r.status_code == 400 and "record a correction" in r.json()["detail"]
    with pytest.raises(ServiceError, match="Say why"):
        minutes.minutes_correct(access=s, meeting_id=meeting.pk, text="Budget: 12 500.", reason=" ")
    minutes.minutes_correct(
        access=s, meeting_id=meeting.pk, text="Budget: 12 500.", reason="Typo in the figure"
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Budget: 12 500." and meeting.minutes_frozen == "Budget: 12 000."
    correction = meeting.corrections.get()
    assert (correction.author, correction.before, correction.reason) == (
        steward,
        "Budget: 12 000.",
        "Typo in the figure",
    )
    # the unfinished item went to... nowhere (no next meeting): still marked unfinished
    item.refresh_from_db()
    assert item.state == ItemState.UNFINISHED and item.outcome == "Pending figures"


def test_minutes_pdf_in_french_with_chosen_sections(steward, held, steward_client):  # type: ignore[no-untyped-def]
    meeting, _ = held
    s = access_for(steward, "riverside")
    minutes.minutes_save(access=s, meeting_id=meeting.pk, text="Texte du **procès-verbal**")
    meeting.refresh_from_db()
    r = steward_client.get(
        reverse("meetings:minutes_pdf", args=["riverside", meeting.pk]),
        {"sections": ["attendance"], "lang": "fr"},
    )
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    from django.template.loader import render_to_string
    from django.utils import translation

    from braid.meetings.documents import minutes_context

    with translation.override("fr"):
        html = render_to_string(
            "meetings/minutes_pdf.html", minutes_context(s, meeting, ("attendance",))
        )
    assert (
        "Présences" in html and "Décisions" not in html and "<strong>procès-verbal</strong>" in html
    )


def test_viewer_cannot_read_draft_minutes_in_the_api(viewer, steward, held):  # type: ignore[no-untyped-def]
    meeting, _ = held
    minutes.minutes_save(
        access=access_for(steward, "riverside"), meeting_id=meeting.pk, text="secret draft"
    )
    r = Client().get(
        f"/api/v1/collaboratives/riverside/meetings/{meeting.pk}/minutes", **bearer(viewer)
    )
    assert r.status_code == 403 and "secret" not in r.content.decode()
