"""Duplication and gaps for a large action plan (400 activities of 40 organisations serving 30
objectives) through the real selector (database reads, candidate pairs, TF-IDF, explanations)
vs scikit-learn's TF-IDF and the full cosine-similarity matrix on the same texts, in one
process. Also the action-plan page's query count, which must not grow with the plan."""

from __future__ import annotations

import datetime as dt
import os
import random

from bench.common import median_seconds, record, setup_django

WORDS = [
    "youth",
    "mentoring",
    "school",
    "attendance",
    "employment",
    "summer",
    "jobs",
    "diversion",
    "police",
    "referral",
    "counselling",
    "family",
    "housing",
    "recreation",
    "basketball",
    "night",
    "safety",
    "outreach",
    "coaching",
    "health",
    "violence",
    "prevention",
    "trauma",
    "training",
    "restorative",
    "circles",
    "parents",
    "community",
    "centre",
    "art",
    "music",
    "sports",
    "literacy",
    "tutoring",
    "apprenticeship",
    "placement",
    "wraparound",
    "case",
    "plan",
    "hospital",
    "bedside",
]


def main() -> None:
    vendor = setup_django(os.environ["BRAID_BENCH_DB"])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    from braid.accounts.models import User
    from braid.agenda import selectors
    from braid.agenda.models import Activity, Goal, Objective
    from braid.collaboratives.access import access_for
    from braid.collaboratives.models import Collaborative, Membership
    from braid.lib.similarity import STOP_WORDS, WORD_PATTERN
    from braid.partners.models import Organisation

    rng = random.Random(4)
    # A plan's vocabulary: each theme word in a dozen variants, as real titles vary.
    vocabulary = [
        w + suffix
        for w in WORDS
        for suffix in (
            "",
            "s",
            "al",
            "ing",
            "er",
            "ers",
            "ive",
            "ity",
            "ness",
            "ment",
            "ist",
            "ism",
        )
    ]
    c = Collaborative.objects.create(name="Bench", slug="bench")
    user = User.objects.create_user(email="bench@example.org", password=None)
    Membership.objects.create(collaborative=c, user=user, role="steward")
    orgs = Organisation.objects.bulk_create(
        Organisation(collaborative=c, name=f"Org {i}", normalised_name=f"org {i}", status="partner")
        for i in range(40)
    )
    goal = Goal.objects.create(collaborative=c, title="Goal")
    objectives = Objective.objects.bulk_create(
        Objective(collaborative=c, goal=goal, title=f"Objective {i}") for i in range(30)
    )
    activities = Activity.objects.bulk_create(
        Activity(
            collaborative=c,
            title=" ".join(rng.sample(vocabulary, 4)),
            description=" ".join(rng.choices(vocabulary, k=25)),
            lead=rng.choice(orgs),
            start=dt.date(2026, 1, 1),
            end=dt.date(2027, 1, 1),
        )
        for _ in range(400)
    )
    # One activity in ten re-words another organisation's activity for the same objectives:
    # the duplicates a steward wants to see.
    served = {a.pk: rng.sample(objectives, 2) for a in activities}
    for copy, original in zip(activities[::10], activities[5::10], strict=False):
        words = original.description.split()
        copy.title = original.title
        copy.description = " ".join(words[:18] + rng.choices(vocabulary, k=7))
        served[copy.pk] = served[original.pk]
    Activity.objects.bulk_update(activities, ["title", "description"])
    through = Activity.objectives.through
    through.objects.bulk_create(
        through(activity_id=a.pk, objective_id=o.pk) for a in activities for o in served[a.pk]
    )
    access = access_for(user, "bench")
    texts = [f"{a.title}. {a.title}. {a.description}" for a in activities]

    def real() -> None:
        selectors.overlaps(access)

    def baseline() -> None:
        matrix = TfidfVectorizer(
            stop_words=STOP_WORDS,
            strip_accents="unicode",
            sublinear_tf=True,
            token_pattern=WORD_PATTERN,
        ).fit_transform(texts)
        cosine_similarity(matrix)

    found = len(selectors.overlaps(access))
    t_real = median_seconds(real, repeat=5, warmup=1)
    t_base = median_seconds(baseline, repeat=5, warmup=1)
    record(
        "agenda.alignment",
        vendor,
        t_real * 1000,
        "ms",
        t_base * 1000,
        f"informational: {found} look-alike pairs in 400 activities; vs bare TF-IDF + full cosine matrix",
    )
    with CaptureQueriesContext(connection) as q:
        list(selectors.activities(access))
    record("agenda.plan_queries", vendor, len(q), "queries", None, "constant: 4 for any plan size")


if __name__ == "__main__":
    main()
