"""Lessons and wins logs: who writes, who publishes, what the public page may read, bad input
kept in the form, outsiders get nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from braid.agenda.tests.factories import make_activity
from braid.collaboratives.access import access_for
from braid.collaboratives.models import AuditEvent
from braid.core.errors import ServiceError
from braid.networks import selectors, services
from braid.networks.models import LogEntry

TODAY = dt.date.today()


def lessons_url(c, **q):
    base = reverse("networks:lessons", args=[c.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in q.items()) if q else "")


def new_url(c, kind):
    return reverse("networks:lesson_new", args=[c.slug]) + f"?kind={kind}"


def test_steward_adds_a_lesson_linked_to_an_activity(steward_client, collaborative):
    activity = make_activity(collaborative, title="Mentoring")
    response = steward_client.post(
        new_url(collaborative, "lesson"),
        {
            "title": "Start referrals in September",
            "happened_on": TODAY.isoformat(),
            "what_happened": "Referrals came late.",
            "learned": "Schools plan in June.",
            "do_differently": "Ask in June.",
            "visibility": "members",
            "activity_ids": [activity.pk],
        },
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert entry.kind == "lesson" and list(entry.activities.all()) == [activity]
    assert AuditEvent.objects.filter(action="lesson.added").count() == 1
    body = steward_client.get(lessons_url(collaborative)).content.decode()
    assert "Start referrals in September" in body and "Ask in June." in body
    assert "Mentoring" in body


def test_win_has_no_do_differently_and_public_page_reads_only_public(
    steward_client, collaborative, steward
):
    access = access_for(steward, collaborative.slug)
    services.entry_add(
        access=access,
        kind="win",
        title="First 50 youth referred",
        happened_on=TODAY,
        visibility="public",
        do_differently="ignored for a win",
    )
    services.entry_add(access=access, kind="lesson", title="Internal", happened_on=TODAY)
    public = selectors.public_lessons_and_wins(collaborative)
    assert [(e.kind, e.title, e.do_differently) for e in public] == [
        ("win", "First 50 youth referred", "")
    ]
    form = steward_client.get(new_url(collaborative, "win")).context["form"]
    assert "do_differently" not in form.fields


def test_bad_input_is_refused_with_what_was_typed_kept(steward_client, collaborative):
    response = steward_client.post(
        new_url(collaborative, "lesson"),
        {"title": "Kept title", "happened_on": "2999-01-01", "visibility": "members"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "It has not happened yet" in body and 'value="Kept title"' in body
    assert not LogEntry.objects.exists()


def test_partner_writes_for_its_organisation_but_cannot_publish(
    partner_client, partner, collaborative, organisation, steward
):
    response = partner_client.post(
        new_url(collaborative, "win"),
        {"title": "Ours", "happened_on": TODAY.isoformat(), "visibility": "public"},
    )
    assert response.status_code == 200
    assert "Only the stewards put an entry on the public page" in response.content.decode()
    response = partner_client.post(
        new_url(collaborative, "win"),
        {"title": "Ours", "happened_on": TODAY.isoformat(), "visibility": "members"},
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get()
    assert entry.organisation_id == organisation.pk
    # Another's entry (the steward's) is not the partner's to change.
    other = services.entry_add(
        access=access_for(steward, collaborative.slug),
        kind="lesson",
        title="Backbone",
        happened_on=TODAY,
    )
    edit = reverse("networks:lesson_edit", args=[collaborative.slug, other.pk])
    assert partner_client.get(edit).status_code == 403
    assert (
        partner_client.get(
            reverse("networks:lesson_edit", args=[collaborative.slug, entry.pk])
        ).status_code
        == 200
    )


def test_viewer_reads_but_does_not_write(viewer_client, viewer, collaborative, steward):
    services.entry_add(
        access=access_for(steward, collaborative.slug),
        kind="lesson",
        title="Read me",
        happened_on=TODAY,
    )
    body = viewer_client.get(lessons_url(collaborative)).content.decode()
    assert "Read me" in body and "Add a win" not in body
    assert viewer_client.get(new_url(collaborative, "win")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.entry_add(
            access=access_for(viewer, collaborative.slug),
            kind="win",
            title="x",
            happened_on=TODAY,
        )


def test_edit_with_stale_version_is_a_conflict(collaborative, steward):
    access = access_for(steward, collaborative.slug)
    entry = services.entry_add(access=access, kind="lesson", title="One", happened_on=TODAY)
    services.entry_update(access=access, entry_id=entry.pk, version=1, title="Two")
    with pytest.raises(ServiceError) as caught:
        services.entry_update(access=access, entry_id=entry.pk, version=1, title="Three")
    assert caught.value.code == "conflict"
    assert LogEntry.objects.get().title == "Two"


def test_remove(steward_client, collaborative, steward):
    entry = services.entry_add(
        access=access_for(steward, collaborative.slug),
        kind="win",
        title="Gone",
        happened_on=TODAY,
    )
    url = reverse("networks:lesson_remove", args=[collaborative.slug, entry.pk])
    assert steward_client.post(url).status_code == 302
    assert not LogEntry.objects.exists()


def test_empty_logs_say_what_to_do(steward_client, collaborative):
    body = steward_client.get(lessons_url(collaborative, kind="win")).content.decode()
    assert "No win recorded yet" in body


def test_outsider_gets_nothing(outsider_client, collaborative, steward):
    entry = services.entry_add(
        access=access_for(steward, collaborative.slug),
        kind="lesson",
        title="Secret",
        happened_on=TODAY,
    )
    for name, args in [
        ("networks:lessons", []),
        ("networks:lesson_edit", [entry.pk]),
        ("networks:lesson_new", []),
    ]:
        assert (
            outsider_client.get(reverse(name, args=[collaborative.slug, *args])).status_code == 404
        )
    url = reverse("networks:lesson_remove", args=[collaborative.slug, entry.pk])
    assert outsider_client.post(url).status_code == 404
    assert LogEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("label", "link"),
    [
        ("Elsewhere", "https://example.org/"),
        ("Elsewhere", "//example.org/x"),
        ("Script", "javascript:alert(1)"),
        ("Spaces", "/c/x/ y"),
        ("", "/c/x/network/health/"),
        ("No link", ""),
    ],
)
def test_a_source_is_a_page_of_braid_with_its_name(collaborative, steward, label, link):
    access = access_for(steward, collaborative.slug)
    with pytest.raises(ServiceError):
        services.entry_add(
            access=access,
            kind="lesson",
            title="From somewhere",
            happened_on=TODAY,
            source_label=label,
            source_url=link,
        )
    assert not LogEntry.objects.exists()
    entry = services.entry_add(
        access=access,
        kind="lesson",
        title="From health",
        happened_on=TODAY,
        source_label="Collaboration health · Attendance",
        source_url=f"/c/{collaborative.slug}/network/health/#overall",
    )
    assert entry.source_url.endswith("/network/health/#overall")
