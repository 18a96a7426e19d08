"""The respondent's pages: which pages a round has, in order, and what each asks.

Page 0 is the privacy statement; then one page per section of each scale instrument; the
network instrument is one page listing the other organisations; the last page reviews and
finishes. Pure reads; the writes are `services.draft_save` and `services.response_finish`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from braid.partners.models import Organisation
from braid.surveys import selectors
from braid.surveys.definitions import Instrument, Section
from braid.surveys.models import Invitation, NetworkRating


@dataclass(frozen=True)
class Page:
    kind: str  # "privacy", "section", "network", "review"
    instrument: Instrument | None = None
    section: Section | None = None


def pages(invitation: Invitation) -> list[Page]:
    out = [Page("privacy")]
    for ref in selectors.round_refs(invitation.round):
        inst = selectors.instrument(invitation.collaborative_id, ref)
        if inst is None:
            continue
        if inst.is_network:
            out.append(Page("network", inst))
        else:
            out += [Page("section", inst, s) for s in inst.sections]
    out.append(Page("review"))
    return out


def network_organisations(invitation: Invitation) -> QuerySet[Organisation]:
    """The other organisations a respondent rates: partners of the collaborative and every
    organisation invited to the round, never its own."""
    invited = Invitation.objects.filter(round_id=invitation.round_id).values("organisation_id")
    return (
        Organisation.objects.for_collaborative(invitation.collaborative_id)
        .filter(Q(status="partner") | Q(pk__in=invited))
        .exclude(pk=invitation.organisation_id)
        .order_by("name")
    )


def organisation_has_rated(invitation: Invitation) -> bool:
    """Someone of the respondent's organisation already gave its network ratings this round."""
    return NetworkRating.objects.filter(
        round_id=invitation.round_id, rater_id=invitation.organisation_id
    ).exists()
