"""The ten principles and four stages: evidence from Braid's data, manual ticks with notes,
where the collaboration stands and the next step (INSTRUMENTS.md §7)."""

from __future__ import annotations

from django.urls import reverse

from braid.collaboratives.tests.factories import OrganisationFactory
from braid.partners.tests.factories import RatingFactory
from braid.surveys.principles import checklist
from braid.surveys.rounds import services as round_services
from braid.surveys.tests.helpers import READINESS, answer, invite, open_round, steward_access


def test_evidence_ticks_and_next_step(
    steward_client, viewer_client, collaborative, steward
) -> None:
    access = steward_access(collaborative, steward)
    start = checklist(access)
    assert start.held == 0 and start.next_step.key == "p1" and start.stage.key == "diagnose"
    # Principle 3 holds from data once five organisations are rated.
    orgs = [OrganisationFactory(collaborative=collaborative) for _ in range(5)]
    for org in orgs[:4]:
        RatingFactory(organisation=org)
    assert not {e.key: e for e in checklist(access).principles}["p3"].holds
    RatingFactory(organisation=orgs[4])
    p3 = {e.key: e for e in checklist(access).principles}["p3"]
    assert p3.evidence is True and "5 organisations rated" in p3.why
    # Principle 1: a readiness round closed.
    round_ = open_round(access, [READINESS], title="Readiness 2026")
    token = invite(access, round_, [("a@x.org", orgs[0])])["a@x.org"]
    answer(token, {READINESS: {"org_commitment-1": 4}})
    round_services.round_close(access=access, round_id=round_.pk)
    now = checklist(access)
    assert {e.key: e for e in now.principles}["p1"].evidence is True
    assert now.next_step.key == "p2"
    # A principle data cannot tell is ticked by a steward, with a note.
    steward_client.post(
        reverse("surveys:principle_tick", args=[collaborative.slug]),
        {"key": "p9", "done": "1", "note": "Two new partners this spring"},
    )
    page = viewer_client.get(
        reverse("surveys:principles", args=[collaborative.slug])
    ).content.decode()
    assert "Two new partners this spring" in page and "3 of the ten principles" in page
    assert "Tick as in place" not in page  # viewers read, stewards tick
    assert (
        viewer_client.post(
            reverse("surveys:principle_tick", args=[collaborative.slug]), {"key": "p9", "done": "0"}
        ).status_code
        == 403
    )
    home = steward_client.get(
        reverse("collaboratives:home", args=[collaborative.slug])
    ).content.decode()
    assert "Where the collaboration stands" in home and "3/10" in home


def test_the_checklist_downloads_with_each_entrys_status_and_note_in_the_readers_language(
    steward_client, viewer_client, collaborative
) -> None:
    tick = reverse("surveys:principle_tick", args=[collaborative.slug])
    steward_client.post(tick, {"key": "p9", "done": "1", "note": "Two partners joined"})
    url = reverse("surveys:principles", args=[collaborative.slug])
    lines = viewer_client.get(url, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="fr")
    rows = lines.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "Étape ou principe,Titre,Statut,Constat,Note"
    assert len(rows) == 1 + 4 + 10
    assert rows[1].startswith("Étape,") and rows[5].startswith("Principe,")
    p9 = rows[1 + 4 + 8]  # the four stages, then the principles in order
    assert p9.startswith("Principe,") and p9.endswith(
        "coché par un responsable,,Two partners joined"
    )
