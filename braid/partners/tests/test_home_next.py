"""The home page says what is next for each reader, hides from non-stewards the cards that
have nothing yet, and every page inside a collaborative says where it sits (breadcrumbs)."""

from __future__ import annotations

import re

from django.urls import reverse

from braid.measures.models import Submission
from braid.measures.tests.factories import indicator, period


def _next(client, collaborative):  # type: ignore[no-untyped-def]
    html = client.get(reverse("collaboratives:home", args=[collaborative.slug])).content.decode()
    panel = html.split('id="next-h"', 1)[1].split("</section>", 1)[0]
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", panel)]


def _reports(collaborative, organisation):  # type: ignore[no-untyped-def]
    # Today is 2 December 2026 in the test clock; October was due on 15 November.
    october = period(collaborative, "2026-10", 10)
    november = period(collaborative, "2026-11", 11)
    indicator(collaborative, "youth-served", reporters=[organisation])
    return october, november


def test_a_partner_sees_what_it_owes_late_first(
    partner_client, collaborative, organisation, settings
):  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    october, november = _reports(collaborative, organisation)
    october.due_date = today - dt.timedelta(days=3)
    october.save()
    november.due_date = today + dt.timedelta(days=10)
    november.save()
    items = _next(partner_client, collaborative)
    assert items[0].startswith("late Your 2026-10 report was due on")
    assert items[1].startswith("Your 2026-11 report is due on")
    Submission.objects.create(
        collaborative=collaborative, organisation=organisation, period=october, status="returned"
    )
    assert _next(partner_client, collaborative)[0] == (
        "late Your 2026-10 report was returned: correct it and submit it again."
    )


def test_a_steward_sees_what_waits_for_review_and_who_is_late(
    steward_client, collaborative, organisation
):  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.utils import timezone

    october, _november = _reports(collaborative, organisation)
    october.due_date = timezone.localdate() - dt.timedelta(days=3)
    october.save()
    assert "late 1 organisation is late with a report." in _next(steward_client, collaborative)
    Submission.objects.create(
        collaborative=collaborative, organisation=organisation, period=october, status="submitted"
    )
    items = _next(steward_client, collaborative)
    assert "1 report waits for your review." in items
    assert not any("late with a report" in i for i in items)


def test_a_viewer_sees_what_is_new(viewer_client, collaborative, organisation):  # type: ignore[no-untyped-def]
    assert _next(viewer_client, collaborative) == []
    html = viewer_client.get(reverse("collaboratives:home", args=[collaborative.slug]))
    assert "Nothing waits for you right now." in html.content.decode()
    october, _november = _reports(collaborative, organisation)
    Submission.objects.create(
        collaborative=collaborative, organisation=organisation, period=october, status="approved"
    )
    assert _next(viewer_client, collaborative) == [
        "Figures for 2026-10 are approved: see the scorecard."
    ]


def test_empty_cards_are_next_steps_for_stewards_and_hidden_from_others(
    steward_client, viewer_client, partner_client, collaborative
):  # type: ignore[no-untyped-def]
    url = reverse("collaboratives:home", args=[collaborative.slug])
    steward = steward_client.get(url).content.decode()
    assert "Define the indicators partners will report." in steward
    for client in (viewer_client, partner_client):
        html = client.get(url).content.decode()
        assert "Define the indicators partners will report." not in html
        assert "Nothing here yet for this stage." not in html
        assert "Start the register" not in html


def test_pages_say_where_they_sit(steward_client, collaborative, organisation):  # type: ignore[no-untyped-def]
    html = steward_client.get(
        reverse("partners:detail", args=[collaborative.slug, organisation.pk])
    ).content.decode()
    crumbs = html.split('class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]
    assert [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<li>(.*?)</li>", crumbs)] == [
        "Overview",
        "Diagnose",
        "Organisations",
    ]
    home = steward_client.get(reverse("collaboratives:home", args=[collaborative.slug]))
    assert 'class="breadcrumbs"' not in home.content.decode()
    members = steward_client.get(reverse("collaboratives:members", args=[collaborative.slug]))
    assert "Collaborative</li>" in members.content.decode()


def test_the_resources_card_writes_money_the_readers_way(steward, collaborative, organisation):  # type: ignore[no-untyped-def]
    import datetime as dt
    from decimal import Decimal

    from django.utils import translation

    from braid.agenda.models import Contribution
    from braid.agenda.resources.home import cards
    from braid.collaboratives.access import access_for

    Contribution.objects.create(
        collaborative=collaborative,
        organisation=organisation,
        kind="funding",
        value=Decimal(858000),
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    access = access_for(steward, collaborative.slug)
    for language, text in (("en", "$858,000"), ("fr", "858\u00a0000\u00a0$")):
        with translation.override(language):
            figures = {str(k): v for k, v in cards(access)[0].figures}
            assert text in figures.values(), figures
