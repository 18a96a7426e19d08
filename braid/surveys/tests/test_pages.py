"""The round pages and the respondent's pages, end to end through the HTTP layer: a steward
opens a round, adds respondents, sends the links (read from the e-mails), a respondent answers
in a fresh client, leaves half-way, resumes, finishes; refusals for everything else."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from braid.collaboratives.tests.factories import OrganisationFactory
from braid.partners.tests.factories import ContactFactory
from braid.surveys.models import Answer, Invitation, InvitationStatus, Response, Round
from braid.surveys.tests.helpers import FACTORS, NETWORK, invite, open_round, steward_access


def _link(message) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r"/s/([A-Za-z0-9_-]{22,})/", message.body)
    assert found, message.body
    return found.group(0)


@pytest.fixture
def orgs(collaborative):
    return (
        OrganisationFactory(collaborative=collaborative, name="Eastside Health", sector="health"),
        OrganisationFactory(
            collaborative=collaborative, name="Riverside Police", sector="police_justice"
        ),
    )


def test_a_steward_runs_a_round_and_a_respondent_answers_it(
    steward_client, collaborative, orgs, django_capture_on_commit_callbacks
) -> None:
    health, police = orgs
    ContactFactory(organisation=health, email="ana@health.org", name="Ana")
    slug = collaborative.slug
    page = steward_client.post(
        reverse("surveys:round_new", args=[slug]),
        {
            "title": "Check-up 2026",
            "opens_on": "2026-01-01",
            "closes_on": "2099-01-31",
            "languages": "en,fr",
            "instruments": [FACTORS, NETWORK],
        },
    )
    round_ = Round.objects.get(title="Check-up 2026")
    assert page.status_code == 302
    steward_client.post(
        reverse("surveys:round_respondents", args=[slug, round_.pk]),
        {"organisations": [str(health.pk)], "others": "sam@police.org, Riverside Police"},
    )
    assert set(Invitation.objects.values_list("email", flat=True)) == {
        "ana@health.org",
        "sam@police.org",
    }
    steward_client.post(reverse("surveys:round_action", args=[slug, round_.pk, "open"]))
    with django_capture_on_commit_callbacks(execute=True):
        steward_client.post(reverse("surveys:round_action", args=[slug, round_.pk, "send"]))
    links = {m.to[0]: _link(m) for m in mail.outbox}
    assert set(links) == {"ana@health.org", "sam@police.org"}
    assert len(links["ana@health.org"]) < 40  # short enough for a text message

    ana = Client()  # a fresh browser, no account
    first = ana.get(links["ana@health.org"])
    body = first.content.decode()
    assert first.status_code == 200
    assert "stored without your name" in body and "fewer than 3 people" in body
    assert 'name="referrer" content="same-origin"' in body  # the link never leaves in a Referer
    assert ana.post(links["ana@health.org"], {"page": "0", "go": "next"}).status_code == 302
    section = ana.get(links["ana@health.org"]).content.decode()
    assert "Environment" in section and "Page 1 of 8" in section
    ana.post(
        links["ana@health.org"],
        {"page": "1", "a-history-1": "4", "a-legitimacy-1": "2", "go": "next"},
    )
    # Autosave of one answer on the next page, as the script does on change.
    saved = ana.post(links["ana@health.org"], {"page": "2", "a-respect-1": "5", "autosave": "1"})
    assert saved.json() == {"saved": True}
    # She leaves; later, in another browser, the link resumes where she stopped.
    later = Client().get(links["ana@health.org"]).content.decode()
    assert "Membership characteristics" in later
    assert 'name="a-respect-1" value="5" checked' in later
    # The network page lists the other organisation; she rates it.
    network_page = Client().get(links["ana@health.org"] + "?page=7").content.decode()
    assert (
        "Riverside Police" in network_page
        and "Eastside Health" not in network_page.split("<main")[1]
    )
    ana.post(
        links["ana@health.org"],
        {"page": "7", f"n-{police.pk}-level": "2", f"n-{police.pk}-reliability": "3", "go": "next"},
    )
    review = ana.get(links["ana@health.org"]).content.decode()
    assert "Review and finish" in review
    done = ana.post(links["ana@health.org"], {"page": "8", "go": "finish"})
    assert done.status_code == 302 and done["Location"].endswith("?done=1")
    assert "Thank you" in ana.get(done["Location"]).content.decode()
    inv = Invitation.objects.get(email="ana@health.org")
    assert inv.status == InvitationStatus.FINISHED and inv.draft == {}
    assert Response.objects.count() == 1
    assert set(Answer.objects.values_list("item", "value")) == {
        ("history-1", 4),
        ("legitimacy-1", 2),
        ("respect-1", 5),
    }
    # Again: refused kindly, nothing doubled.
    again = Client().post(links["ana@health.org"], {"page": "8", "go": "finish"}, follow=True)
    assert "already answered" in again.content.decode()
    assert Response.objects.count() == 1 and Answer.objects.count() == 3

    # The steward sees who finished, never what they answered.
    detail = steward_client.get(reverse("surveys:round", args=[slug, round_.pk])).content.decode()
    assert "ana@health.org" in detail and "1 of 2 people have finished" in detail
    assert "history-1" not in detail


def test_a_partner_sees_the_response_but_no_one_s_address(
    partner_client, collaborative, steward, orgs
) -> None:
    access = steward_access(collaborative, steward)
    round_ = open_round(access, [FACTORS])
    invite(access, round_, [("ana@health.org", orgs[0])])
    page = partner_client.get(
        reverse("surveys:round", args=[collaborative.slug, round_.pk])
    ).content.decode()
    assert "0 of 1 people have finished" in page
    assert "ana@health.org" not in page
    assert (
        partner_client.post(
            reverse("surveys:round_action", args=[collaborative.slug, round_.pk, "close"])
        ).status_code
        == 403
    )


def test_answers_off_the_scale_are_refused_on_the_page_keeping_the_rest(
    collaborative, steward, orgs
) -> None:
    access = steward_access(collaborative, steward)
    round_ = open_round(access, [FACTORS])
    link = f"/s/{invite(access, round_, [('ana@health.org', orgs[0])])['ana@health.org']}/"
    client = Client()
    page = client.post(link, {"page": "1", "a-history-1": "9", "a-history-2": "3", "go": "next"})
    body = page.content.decode()
    assert page.status_code == 400
    assert "Choose an answer from 1 to 5." in body
    assert 'name="a-history-2" value="3" checked' in body
    assert Invitation.objects.get().draft == {}


def test_unknown_and_malformed_links_look_the_same_and_guessing_is_slowed(db) -> None:
    client = Client()
    unknown = client.get("/s/AAAAAAAAAAAAAAAAAAAAAA/")
    malformed = client.get("/s/x/")
    assert unknown.status_code == malformed.status_code == 404
    strip = lambda r: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", r.content.decode())  # noqa: E731
    assert strip(unknown) == strip(malformed)
    for _ in range(20):
        client.get("/s/BBBBBBBBBBBBBBBBBBBBBB/")
    assert client.get("/s/CCCCCCCCCCCCCCCCCCCCCC/").status_code == 429


def test_a_closed_round_takes_no_answer_and_reopening_is_recorded(
    steward_client, collaborative, steward, orgs
) -> None:
    from braid.collaboratives.models import AuditEvent

    access = steward_access(collaborative, steward)
    round_ = open_round(access, [FACTORS])
    link = f"/s/{invite(access, round_, [('ana@health.org', orgs[0])])['ana@health.org']}/"
    steward_client.post(
        reverse("surveys:round_action", args=[collaborative.slug, round_.pk, "close"])
    )
    assert Client().get(link).status_code == 410
    assert Client().post(link, {"page": "1", "a-history-1": "3", "go": "next"}).status_code == 410
    refused = steward_client.post(
        reverse("surveys:round_action", args=[collaborative.slug, round_.pk, "reopen"]),
        {"closes_on": "2099-02-01", "reason": ""},
        follow=True,
    )
    assert "reason" in refused.content.decode().lower()
    steward_client.post(
        reverse("surveys:round_action", args=[collaborative.slug, round_.pk, "reopen"]),
        {"closes_on": "2099-02-01", "reason": "Two partners asked for more time"},
    )
    assert Client().get(link).status_code == 200
    line = AuditEvent.objects.filter(action="survey_round.reopened").get()
    assert line.details["reason"] == "Two partners asked for more time"


def test_french_respondent_pages(collaborative, steward, orgs) -> None:
    access = steward_access(collaborative, steward)
    round_ = open_round(access, [FACTORS])
    link = f"/s/{invite(access, round_, [('ana@health.org', orgs[0])])['ana@health.org']}/"
    client = Client()
    privacy = client.get(link + "?lang=fr").content.decode()
    assert 'lang="fr"' in privacy and "sans votre nom" in privacy
    section = client.get(link + "?page=1").content.decode()  # the choice is remembered
    assert "Environnement" in section and "Page 1 sur" in section
    assert "Tout à fait d’accord" in section


def test_send_me_my_link_again_says_the_same_either_way(
    collaborative, steward, orgs, django_capture_on_commit_callbacks
) -> None:
    access = steward_access(collaborative, steward)
    round_ = open_round(access, [FACTORS])
    old = invite(access, round_, [("ana@health.org", orgs[0])])["ana@health.org"]
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/s/", {"email": "ANA@health.org"}).content.decode()
    assert len(mail.outbox) == 1
    new = _link(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        unknown = Client().post("/s/", {"email": "nobody@nowhere.org"}).content.decode()
    assert len(mail.outbox) == 1
    said = "If this address was invited to a survey that is still open"
    assert said in known and said in unknown
    assert Client().get(new).status_code == 200 and Client().get(f"/s/{old}/").status_code == 200


def test_outsiders_get_404_on_round_pages(outsider_client, collaborative, steward, orgs) -> None:
    access = steward_access(collaborative, steward)
    round_ = open_round(access, [FACTORS])
    slug = collaborative.slug
    for url in (
        reverse("surveys:round", args=[slug, round_.pk]),
        reverse("surveys:results", args=[slug, round_.pk]),
        reverse("surveys:results_export", args=[slug, round_.pk]),
    ):
        assert outsider_client.get(url).status_code == 404
    other = reverse("surveys:round", args=["elsewhere", round_.pk])
    assert outsider_client.get(other).status_code == 404
    assert (
        outsider_client.post(
            reverse("surveys:round_action", args=[slug, round_.pk, "close"])
        ).status_code
        == 404
    )
    round_.refresh_from_db()
    assert round_.status == "open"
