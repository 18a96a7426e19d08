"""The iCalendar feed and "My action items" on a collaborative with five years of weekly
meetings (about 1,300) and 20,000 action items, against the least each answer can do (the same
rows read in one query and written as plain text / a one-line table) in the same run; and the
query count of each against a collaborative with ten meetings and a hundred actions (it must not
grow with the data)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import Any

from bench.common import median_seconds, record, setup_django

MEETINGS = int(os.environ.get("BENCH_MEETINGS", 1300))
ACTIONS = int(os.environ.get("BENCH_ACTIONS", 20_000))


def build(slug: str, meetings: int, actions: int, user: Any = None) -> tuple[Any, str]:
    from django.utils import timezone

    from braid.accounts.models import User
    from braid.agenda.models import GovernanceBody
    from braid.collaboratives.access import access_for
    from braid.collaboratives.models import Collaborative, Membership
    from braid.meetings import calendar
    from braid.meetings.models import ActionItem, Meeting
    from braid.partners.models import Organisation

    c = Collaborative.objects.create(name=slug, slug=slug)
    user = user or User.objects.create_user(
        email="bench@example.org",
        password="bench-only-not-secret",  # noqa: S106
    )
    orgs = [
        Organisation.objects.create(collaborative=c, name=f"Org {i}", normalised_name=f"org {i}")
        for i in range(20)
    ]
    Membership.objects.create(collaborative=c, user=user, role="partner", organisation=orgs[0])
    body = GovernanceBody.objects.create(collaborative=c, name="Steering", kind="steering")
    today = timezone.now().replace(hour=14, minute=30, second=0, microsecond=0)
    first = today - dt.timedelta(weeks=meetings * 3 // 4)
    rows = [
        Meeting(
            collaborative=c,
            body=body,
            title=f"Weekly meeting {n}",
            starts_at=first + dt.timedelta(weeks=n),
            ends_at=first + dt.timedelta(weeks=n, hours=1, minutes=30),
            time_zone="America/Toronto",
            video_url="https://meet.example.org/weekly",
        )
        for n in range(meetings)
    ]
    Meeting.objects.bulk_create(rows, batch_size=2000)
    ids = list(Meeting.objects.filter(collaborative=c).values_list("pk", flat=True))
    through = Meeting.invited_organisations.through
    through.objects.bulk_create(
        [through(meeting_id=m, organisation_id=o.pk) for m in ids for o in orgs[:8]],
        batch_size=5000,
    )
    day = timezone.localdate()
    ActionItem.objects.bulk_create(
        [
            ActionItem(
                collaborative=c,
                title=f"Action {n}",
                meeting_id=ids[n % len(ids)],
                owner=user if n % 10 == 0 else None,
                organisation=orgs[n % 20],
                due_on=day + dt.timedelta(days=(n % 120) - 60),
                status="open" if n % 3 else "done",
                created_by=user,
            )
            for n in range(actions)
        ],
        batch_size=5000,
    )
    _feed, secret = calendar.feed_create(access=access_for(user, slug))
    return user, secret


def main() -> None:
    # The feed is asked for ~25 times a run, and the SQLite and PostgreSQL runs share one cache
    # folder: the per-address limit on calendar links (30 a minute) would answer 429 instead.
    os.environ["BRAID_RATE_PUBLIC_LINK"] = "100000/m"
    vendor = setup_django(os.environ["BRAID_BENCH_DB"])
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import include, path
    from django.utils import timezone

    from braid.collaboratives.audit import via
    from braid.meetings.models import ActionItem, Meeting

    request_started.disconnect(reset_queries)
    with via("bench"):
        user, big_secret = build("bench", MEETINGS, ACTIONS)
        _u, small_secret = build("small", 10, 100, user)

    def bare_feed(request):  # type: ignore[no-untyped-def]
        now = timezone.now()
        rows = Meeting.objects.filter(
            collaborative__slug="bench",
            starts_at__gte=now - dt.timedelta(days=92),
            starts_at__lte=now + dt.timedelta(days=366),
        ).values_list("title", "starts_at")
        return HttpResponse("\n".join(f"{t}\t{s.isoformat()}" for t, s in rows))

    def bare_actions(request):  # type: ignore[no-untyped-def]
        rows = ActionItem.objects.filter(
            collaborative__slug="bench", owner=user, status="open", archived_at__isnull=True
        ).values_list("title", "due_on")[:50]
        return HttpResponse(
            "<table>" + "".join(f"<tr><td>{t}</td><td>{d}</td></tr>" for t, d in rows) + "</table>"
        )

    module = type(os)("bench_meetings_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("bench/feed/", bare_feed),
        path("bench/actions/", bare_actions),
        path("", include("config.urls")),
    ]
    sys.modules["bench_meetings_urls"] = module
    with override_settings(ROOT_URLCONF="bench_meetings_urls", ALLOWED_HOSTS=["*"]):
        anon, client = Client(), Client()
        client.force_login(user)
        feed = f"/c/bench/meetings/calendar/{big_secret}.ics"
        small_feed = f"/c/small/meetings/calendar/{small_secret}.ics"
        mine, small_mine = "/c/bench/meetings/actions/", "/c/small/meetings/actions/"
        body = anon.get(feed).content
        assert body.count(b"BEGIN:VEVENT") > 50 and b"BEGIN:VTIMEZONE" in body
        assert client.get(mine).status_code == 200
        counts = {}
        for name, c, url in (
            ("feed", anon, feed),
            ("feed_small", anon, small_feed),
            ("mine", client, mine),
            ("mine_small", client, small_mine),
        ):
            c.get(url)
            with CaptureQueriesContext(connection) as captured:
                c.get(url)
            counts[name] = len(captured.captured_queries)

        def read_feed() -> None:
            assert anon.get(feed).status_code == 200  # never a refusal timed as the feed

        t_feed = median_seconds(read_feed, repeat=15)
        t_feed_bare = median_seconds(lambda: anon.get("/bench/feed/"), repeat=15)
        t_mine = median_seconds(lambda: client.get(mine), repeat=15)
        t_mine_bare = median_seconds(lambda: client.get("/bench/actions/"), repeat=15)
    goal = "< 100 ms median (ratio: vs the same rows as plain text / a bare table)"
    record("meetings.feed", vendor, t_feed * 1000, "ms", t_feed_bare * 1000, goal)
    record("meetings.my_actions", vendor, t_mine * 1000, "ms", t_mine_bare * 1000, goal)
    same = "same count for 1,300 meetings / 20,000 actions as for 10 / 100"
    record("meetings.feed_queries", vendor, counts["feed"], "queries", counts["feed_small"], same)
    record(
        "meetings.my_actions_queries", vendor, counts["mine"], "queries", counts["mine_small"], same
    )
    print(
        f"{vendor}: feed {t_feed * 1000:.0f} ms (bare {t_feed_bare * 1000:.1f}), my actions "
        f"{t_mine * 1000:.0f} ms (bare {t_mine_bare * 1000:.1f}); queries {counts}"
    )


if __name__ == "__main__":
    main()
