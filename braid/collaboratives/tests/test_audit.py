"""The audit log: one vocabulary, read in the reader's language; the command line recorded as
the command line, not as the collaborative's first steward."""

from __future__ import annotations

from django.core.management import call_command
from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.collaboratives.audit import audit_record, render, via
from braid.collaboratives.models import AuditEvent
from braid.collaboratives.testing import bearer
from braid.measures import services
from braid.measures.tests.factories import period


def test_a_line_written_in_english_reads_in_french(collaborative, steward, steward_client):  # type: ignore[no-untyped-def]
    p = period(collaborative, "2026-01", 1)
    services.period_close(access=access_for(steward, collaborative.slug), period_id=p.pk)
    event = AuditEvent.objects.get(action="period.closed")
    assert event.details == {"code": "2026-01"} and event.summary == ""
    url = reverse("collaboratives:audit", args=[collaborative.slug])
    english = steward_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Period 2026-01 closed" in english
    steward_client.cookies["django_language"] = "fr"
    french = steward_client.get(url).content.decode()
    assert "Période 2026-01 fermée" in french and "Period 2026-01 closed" not in french


def test_the_api_renders_the_line_in_the_language_asked(collaborative, steward, client):  # type: ignore[no-untyped-def]
    p = period(collaborative, "2026-01", 1)
    services.period_close(access=access_for(steward, collaborative.slug), period_id=p.pk)
    response = client.get(
        f"/api/v1/collaboratives/{collaborative.slug}/audit",
        HTTP_ACCEPT_LANGUAGE="fr",
        **bearer(steward),
    )
    [line] = [i for i in response.json()["items"] if i["action"] == "period.closed"]
    assert line["summary"] == "Période 2026-01 fermée"
    assert (line["actor"], line["via"], line["details"]) == (steward.email, "", {"code": "2026-01"})


def test_an_unknown_action_falls_back_to_its_summary(collaborative):  # type: ignore[no-untyped-def]
    event = audit_record(
        collaborative=collaborative, actor=None, action="thing.happened", summary="It happened"
    )
    assert render(event) == "It happened"


def test_a_line_missing_a_parameter_reads_its_summary_not_a_crash(collaborative):  # type: ignore[no-untyped-def]
    event = audit_record(
        collaborative=collaborative, actor=None, action="period.closed", summary="Closed"
    )
    assert render(event) == "Closed"


def test_the_command_line_is_recorded_as_the_command_line(tmp_path, collaborative, steward):  # type: ignore[no-untyped-def]
    good = tmp_path / "orgs.csv"
    good.write_text("name,sector\nRiverside Police,police_justice\n")
    call_command("import", "organisations", str(good), collaborative=collaborative.slug)
    event = AuditEvent.objects.get(action="organisations.imported")
    assert event.actor is None
    assert event.via == f"braid import organisations {good} --collaborative {collaborative.slug}"


def test_work_inside_via_names_the_command_and_no_person(collaborative, steward, steward_client):  # type: ignore[no-untyped-def]
    p = period(collaborative, "2026-01", 1)
    with via("braid demo"):
        services.period_close(access=access_for(steward, collaborative.slug), period_id=p.pk)
    event = AuditEvent.objects.get(action="period.closed")
    assert (event.actor, event.via) == (None, "braid demo")
    html = steward_client.get(reverse("collaboratives:audit", args=[collaborative.slug]))
    assert "command line: <code>braid demo</code>" in html.content.decode()


def test_the_demo_is_recorded_as_braid_demo(db):  # type: ignore[no-untyped-def]
    from braid.demo.seed import load_demo

    collaborative = load_demo()
    events = AuditEvent.objects.filter(collaborative=collaborative)
    assert events.exists()
    assert set(events.values_list("via", flat=True)) == {"braid demo"}
    assert not events.filter(actor__isnull=False).exists()
