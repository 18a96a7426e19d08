"""Survey results at scale (issue 13): a closed partnership check-up round (factors + barriers +
conditions: 65 items) answered by 2,000 respondents, with the same check-up a year before, so
the results page and API do everything they do for a real round (scores, bands and spread per
factor, category and item, by sector and by organisation type with the floor, the change since
the previous round). Baseline in the same run: the per-item aggregates (count, sum, sum of
squares, min, max) of the same answers computed by one SQL GROUP BY. Goal: page and API under
200 ms median on this machine.

Two figures each, honestly: the median of repeated reads (the goal's figure: the round's tally is
in the cache, `surveys.tallies`), and the first read after a change that recomputes it, a new
finished response (`services.response_finish`, which counts it in the round's tally). The
rounds' tallies are counted once after loading (`tallies.rebuild`), as their finishes would
have left them. A change of the floor is timed too: it recomputes nothing but what the reader
sees.
PostgreSQL is ANALYZEd after loading, as autovacuum does within a minute in production."""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
from typing import Any

from bench.common import median_seconds, record, setup_django

RESPONDENTS = int(os.environ.get("BENCH_SURVEY_RESPONDENTS", 2000))
REFS = ("braid-factors@1", "braid-barriers@1", "braid-conditions@1")
SECTORS = ("health", "education", "nonprofit", "police_justice", "municipal")
TYPES = ("partner", "lead_partner", "funder", "backbone")


def _round(c: Any, title: str, opens: dt.date, seed: int) -> Any:
    from braid.surveys import selectors
    from braid.surveys.models import Answer, Response, Round, RoundInstrument, RoundStatus

    round_ = Round.objects.create(
        collaborative=c,
        title=title,
        opens_on=opens,
        closes_on=opens + dt.timedelta(days=21),
        status=RoundStatus.CLOSED,
    )
    for ref in REFS:
        RoundInstrument.objects.create(collaborative=c, round=round_, ref=ref)
    rng = random.Random(seed)
    responses = Response.objects.bulk_create(
        (
            Response(
                collaborative=c,
                round=round_,
                # The last sector is small (two respondents): it must be hidden.
                sector=SECTORS[-1] if n < 2 else SECTORS[n % (len(SECTORS) - 1)],
                org_type=TYPES[n % len(TYPES)],
            )
            for n in range(RESPONDENTS)
        ),
        batch_size=2000,
    )
    answers = []
    for ref in REFS:
        inst = selectors.instrument(c.pk, ref)
        assert inst is not None
        lo, hi = inst.scale.min, inst.scale.max
        for resp in responses:
            for item in inst.items:
                if rng.random() < 0.03:  # a few items left unanswered
                    continue
                value = min(hi, max(lo, round(rng.gauss((lo + hi) / 2 + 0.4, 1))))
                answers.append(
                    Answer(
                        collaborative=c,
                        response=resp,
                        round=round_,
                        instrument=ref,
                        item=item.key,
                        value=value,
                    )
                )
    Answer.objects.bulk_create(answers, batch_size=5000)
    return round_


def build() -> tuple[Any, int, int]:
    from braid.accounts.models import User
    from braid.collaboratives.access import access_for
    from braid.collaboratives.models import Collaborative, Membership
    from braid.surveys.models import Answer

    c = Collaborative.objects.create(name="Bench surveys", slug="bench")
    user = User.objects.create_user(email="steward@bench.org", password=None)
    Membership.objects.create(collaborative=c, user=user, role="steward")
    today = dt.date.today()
    _round(c, "Check-up last year", today - dt.timedelta(days=400), 12)
    round_ = _round(c, "Check-up", today - dt.timedelta(days=30), 13)
    answers = Answer.objects.filter(round=round_).count()
    return access_for(user, c.slug), round_.pk, answers


def _respondents(c: Any, round_id: int, n: int) -> list[int]:
    """Invitations in the round with a draft of every item, ready to finish; the round open."""
    from braid.partners.models import Organisation
    from braid.surveys import selectors
    from braid.surveys.models import Invitation, InvitationStatus, Round, RoundStatus

    Round.objects.filter(pk=round_id).update(
        status=RoundStatus.OPEN, closes_on=dt.date.today() + dt.timedelta(days=7)
    )
    orgs = [
        Organisation.objects.create(
            collaborative=c, name=f"Late {k}", normalised_name=f"late {k}", sector=s, role=t
        )
        for k, (s, t) in enumerate(zip(SECTORS[:-1], TYPES, strict=True))
    ]
    insts = [selectors.instrument(c.pk, ref) for ref in REFS]
    invitations = []
    for k in range(n):
        draft = {
            inst.ref: {item.key: inst.scale.max - k % 2 for item in inst.items}
            for inst in insts
            if inst is not None
        }
        invitations.append(
            Invitation.objects.create(
                collaborative=c,
                round_id=round_id,
                organisation=orgs[k % len(orgs)],
                email=f"late{k}@bench.org",
                status=InvitationStatus.STARTED,
                draft=draft,
            ).pk
        )
    return invitations


def _first_reads(client: Any, url: str, change: Any, times: int = 5) -> float:
    """The median of the first read after each of `times` changes."""
    import statistics
    import time

    samples = []
    for n in range(times):
        change(n)
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    vendor = setup_django(os.environ["BRAID_BENCH_DB"])
    from django.db.models import Count, F, Max, Min, Sum
    from django.http import JsonResponse
    from django.test import Client, override_settings
    from django.urls import include, path

    from braid.surveys.models import Answer

    access, round_id, answers = build()
    from django.db import connection

    from braid.surveys import services, tallies
    from braid.surveys.models import Round

    for r in Round.objects.filter(collaborative=access.collaborative):
        tallies.rebuild(r)  # as the finishes would have counted them
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def bare(request):  # type: ignore[no-untyped-def]
        """The same per-item aggregates by one SQL GROUP BY, returned as JSON."""
        rows = (
            Answer.objects.filter(collaborative=access.collaborative, round_id=round_id)
            .order_by()
            .values("instrument", "item")
            .annotate(
                n=Count("pk"),
                total=Sum("value"),
                squares=Sum(F("value") * F("value")),
                low=Min("value"),
                high=Max("value"),
            )
        )
        return JsonResponse({"rows": list(rows)})

    module = type(os)("bench_survey_urls")
    module.urlpatterns = [path("bench/bare/", bare), path("", include("config.urls"))]  # type: ignore[attr-defined]
    sys.modules["bench_survey_urls"] = module
    with override_settings(ROOT_URLCONF="bench_survey_urls", ALLOWED_HOSTS=["*"]):
        client = Client()
        client.force_login(access.user)
        page = f"/c/bench/surveys/{round_id}/results/"
        api = f"/api/v1/collaboratives/bench/survey-rounds/{round_id}/results"
        html = client.get(page)
        assert html.status_code == 200, html.status_code
        got = client.get(api).json()
        assert [x["respondents"] for x in got["instruments"]] == [RESPONDENTS] * 3, got
        hidden = [r for x in got["instruments"] for r in x["rows"] if r["hidden"]]
        assert any(r["group_key"] == SECTORS[-1] for r in hidden)  # the small sector
        assert len(client.get("/bench/bare/").json()["rows"]) == 65
        t_page = median_seconds(lambda: client.get(page), repeat=11, warmup=2)
        t_api = median_seconds(lambda: client.get(api), repeat=11, warmup=2)
        t_bare = median_seconds(lambda: client.get("/bench/bare/"), repeat=11, warmup=2)
        c = access.collaborative
        late = iter(_respondents(c, round_id, 10))

        def finish(_n: int) -> None:
            services.response_finish(invitation_id=next(late))

        cold_page = _first_reads(client, page, finish)
        cold_api = _first_reads(client, api, finish)

        def floor(n: int) -> None:
            from braid.collaboratives.services import collaborative_update

            # As a steward changes it (with its audit line): 3, 5, 3...
            collaborative_update(access=access, min_group_size=3 + (n + 1) % 2 * 2)

        floor_page = _first_reads(client, page, floor, times=4)
        floor_api = _first_reads(client, api, floor, times=4)
    goal = "< 200 ms median (2,000 respondents × 65 items; ratio: vs one SQL GROUP BY)"
    record("assess.survey_results", vendor, t_page * 1000, "ms", t_bare * 1000, goal)
    record("assess.survey_results_api", vendor, t_api * 1000, "ms", t_bare * 1000, goal)
    cold = "first read after a new finished response (scores from the tally; no goal of its own)"
    record("assess.survey_results_cold", vendor, cold_page * 1000, "ms", t_bare * 1000, cold)
    record("assess.survey_results_api_cold", vendor, cold_api * 1000, "ms", t_bare * 1000, cold)
    print(
        f"{vendor}: {answers} answers; results page {t_page * 1000:.0f} ms, API"
        f" {t_api * 1000:.0f} ms, one GROUP BY {t_bare * 1000:.1f} ms; first read after a new"
        f" response: page {cold_page * 1000:.0f} ms, API {cold_api * 1000:.0f} ms; after a"
        f" change of the floor: page {floor_page * 1000:.0f} ms, API {floor_api * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
