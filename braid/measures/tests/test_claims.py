"""What the pages claim happens, happens: reminders say whom they reached and whom nobody can
reach; the completeness board shows only the reports that are owed."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.urls import reverse

from braid.collaboratives.models import AuditEvent
from braid.measures.models import Period, Submission
from braid.measures.tests.factories import indicator


def test_remind_says_who_was_e_mailed_and_who_has_nobody_to_remind(
    steward_client, collaborative, measures, partner, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    url = reverse("measures:remind", args=[collaborative.slug, measures["periods"][0].pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = steward_client.post(url, follow=True)
    html = response.content.decode()
    assert len(mail.outbox) == 1
    assert f"Reminder for 2026-01 e-mailed to 1: {partner.email} (Eastside Health Centre)." in html
    assert "Reminders sent to 2 partners" not in html
    assert "No reminder could go to Riverside Police: nobody has an account for them." in html
    invite = reverse("collaboratives:members", args=[collaborative.slug])
    assert f"{invite}?organisation={measures['police'].pk}#invite" in html
    event = AuditEvent.objects.get(action="reminders.sent")
    assert event.details["sent"] == 1 and event.details["nobody"] == ["Riverside Police"]


def test_the_invite_link_preselects_the_organisation(steward_client, collaborative, measures):  # type: ignore[no-untyped-def]
    url = reverse("collaboratives:members", args=[collaborative.slug])
    html = steward_client.get(f"{url}?organisation={measures['police'].pk}").content.decode()
    assert f'<option value="{measures["police"].pk}" selected>Riverside Police</option>' in html


def test_nobody_is_reminded_of_a_report_they_do_not_owe(
    steward, collaborative, measures, partner, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    from braid.collaboratives.access import access_for
    from braid.measures import notify

    quarter = Period.objects.create(
        collaborative=collaborative,
        frequency="quarterly",
        code="2026-Q1",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 3, 31),
        due_date=dt.date(2026, 4, 20),
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = notify.reminders_send(
            access=access_for(steward, collaborative.slug), period_id=quarter.pk
        )
    assert (report.sent, report.nobody, mail.outbox) == ([], [], [])
    assert not Submission.objects.filter(period=quarter).exists()


def test_completeness_board_shows_only_what_is_owed(steward_client, collaborative, measures):  # type: ignore[no-untyped-def]
    """Riverside Police reports monthly only; a quarterly indicator is the health centre's."""
    Period.objects.create(
        collaborative=collaborative,
        frequency="quarterly",
        code="2026-Q1",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 3, 31),
        due_date=dt.date(2026, 4, 20),
    )
    indicator(collaborative, "quarterly-count", [measures["org"]], frequency="quarterly")
    html = steward_client.get(
        reverse("measures:review", args=[collaborative.slug])
    ).content.decode()
    police_row = html[html.index(">Riverside Police</a>") :].split("</tr>")[0]
    health_row = html[html.index(">Eastside Health Centre</a>") :].split("</tr>")[0]
    # Five periods shown: four months and one quarter.
    assert police_row.count("not started") == 4 and police_row.count("not due") == 1
    assert health_row.count("not started") == 5 and "not due" not in health_row


def _submitted(collaborative, measures, partner):  # type: ignore[no-untyped-def]
    from braid.collaboratives.access import access_for
    from braid.measures import services

    access = access_for(partner, collaborative.slug)
    p = measures["periods"][0]
    services.values_save(
        access=access,
        organisation_id=measures["org"].pk,
        period_id=p.pk,
        values={(measures["served"].pk, ""): 12.0},
    )
    return services.submission_submit(
        access=access, organisation_id=measures["org"].pk, period_id=p.pk
    )


def test_returning_a_report_tells_the_partner_in_their_language(
    steward_client,
    partner_client,
    collaborative,
    measures,
    partner,
    django_capture_on_commit_callbacks,
):  # type: ignore[no-untyped-def]
    partner.preferred_language = "fr"
    partner.save()
    submission = _submitted(collaborative, measures, partner)
    with django_capture_on_commit_callbacks(execute=True):
        steward_client.post(
            reverse("measures:return", args=[collaborative.slug, submission.pk]),
            {"comment": "Check the count of girls"},
        )
    [email] = mail.outbox
    assert email.to == [partner.email]
    assert email.subject == "Votre rapport 2026-01 pour Eastside Health Centre a été renvoyé"
    assert "Check the count of girls" in email.body
    entry = reverse("measures:entry", args=[collaborative.slug, measures["periods"][0].pk])
    assert f"{entry}?organisation={measures['org'].pk}" in email.body

    home = reverse("collaboratives:home", args=[collaborative.slug])
    html = partner_client.get(home, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Report of Eastside Health Centre for 2026-01 returned: Check the count of girls" in html
    notice = partner_client.get(home).context["notices"][0][0]
    response = partner_client.post(
        reverse("collaboratives:notice_seen", args=[collaborative.slug, notice.pk]),
        {"then": "open"},
    )
    assert response.status_code == 302 and response["Location"].startswith(entry)
    assert "Check the count of girls" not in partner_client.get(home).content.decode()


def test_a_notice_is_its_readers_alone(steward_client, collaborative, measures, partner, steward):  # type: ignore[no-untyped-def]
    from braid.collaboratives.services import notice_send
    from braid.core.testing import table_digest

    [notice] = notice_send(
        collaborative=collaborative,
        users=[partner],
        action="submission.returned",
        details={},
        url="/",
    )
    before = table_digest()
    response = steward_client.post(
        reverse("collaboratives:notice_seen", args=[collaborative.slug, notice.pk])
    )
    assert response.status_code == 404 and table_digest() == before


def test_returning_when_nobody_has_an_account_says_so(
    steward_client, collaborative, measures, partner
):  # type: ignore[no-untyped-def]
    from braid.collaboratives.models import Membership

    submission = _submitted(collaborative, measures, partner)
    Membership.objects.filter(user=partner).delete()
    response = steward_client.post(
        reverse("measures:return", args=[collaborative.slug, submission.pk]),
        {"comment": "Check"},
        follow=True,
    )
    assert "Nobody at Eastside Health Centre has an account, so nobody was told" in (
        response.content.decode()
    )


def test_the_api_remind_says_whom_it_reached(
    client, steward, collaborative, measures, partner, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    from braid.collaboratives.testing import bearer

    url = f"/api/v1/collaboratives/{collaborative.slug}/periods/{measures['periods'][0].pk}/remind"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, **bearer(steward))
    assert response.status_code == 200
    assert response.json() == {
        "period": "2026-01",
        "sent": [{"organisation": "Eastside Health Centre", "email": partner.email}],
        "nobody": [{"id": measures["police"].pk, "name": "Riverside Police"}],
    }
    assert len(mail.outbox) == 1
    forbidden = client.post(url, **bearer(partner))
    assert forbidden.status_code == 403 and len(mail.outbox) == 1
