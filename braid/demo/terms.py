"""Demo data: terms of reference issued from the Design data and signed by most partners."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from braid.accounts.models import User
from braid.agenda.models import Signature, TermsVersion
from braid.agenda.terms import services
from braid.collaboratives.access import access_for
from braid.collaboratives.models import Collaborative
from braid.demo import french

SIGNERS = {
    "Eastside Community Safety Office": ("Amina Diallo", "Coordinator", 40),
    "Riverside Police Service": ("Supt. Daniel Roy", "Superintendent", 35),
    "Riverside District School Board": ("Nadia Okafor", "Director of student services", 30),
    "Lakeview Foundation": ("Grace Liu", "Programme officer", 28),
    "Youth Wraparound Network": ("Jordan Blake", "Executive director", 21),
}


def seed(collaborative: Collaborative) -> None:
    if TermsVersion.objects.filter(collaborative=collaborative).exists():
        return
    steward = User.objects.get(email="steward@demo.braid")
    access = access_for(steward, collaborative.slug)
    today = timezone.localdate()
    terms = services.terms_issue(
        access=access,
        title="Terms of reference 2026–2028",
        title_fr=french.TERMS_FR["title_fr"],
        effective_from=dt.date(today.year, 1, 1),
        effective_to=dt.date(today.year + 2, 12, 31),
        data_sharing=(
            "Partners report the shared measures in Braid as aggregate counts and percentages; "
            "no personal information leaves a partner. Counts under five are suppressed in every "
            "shared view. Each partner keeps ownership of its data and may withdraw it."
        ),
        term_and_exit=(
            "These terms run until the end of the term above and are reviewed every year by the "
            "steering committee. A partner may leave with 60 days' written notice; its "
            "commitments in the action plan are handed over before it goes."
        ),
        data_sharing_fr=french.TERMS_FR["data_sharing_fr"],
        term_and_exit_fr=french.TERMS_FR["term_and_exit_fr"],
    )
    TermsVersion.objects.filter(pk=terms.pk).update(
        issued_at=timezone.now() - dt.timedelta(days=45)
    )
    parties = {p["name"]: p["id"] for p in terms.snapshot["partners"]}
    for name, (person, title, days) in SIGNERS.items():
        if name in parties:
            Signature.objects.create(
                collaborative=collaborative,
                terms=terms,
                organisation_id=parties[name],
                signed_by=steward,
                signatory=person,
                signatory_title=title,
                signed_at=timezone.now() - dt.timedelta(days=days),
            )
