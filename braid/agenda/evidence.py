"""Evidence for the observed level of collaboration (braid.partners.levels, INSTRUMENTS.md §1)
from what Design knows about each partner:

- agreement: "signed" when it signed the current terms of reference, "formalised" when it
  signed only an earlier version or endorsed the common agenda;
- roles: "formalised" with a Responsible or Accountable cell in the RACI matrix and a signed
  terms of reference, "defined" with any RACI cell or a leadership role, "somewhat" when it
  leads or supports an activity;
- decisions: "shared_joint" when it leads an activity or sits on a body that has rules of
  procedure; "all_shared" when, on top of that, it sits on a body that decides by consensus or
  consent (every member's voice counts equally there);
- resources: "pooled" when it contributes funding or staff time, "some_shared" for any other
  contribution;
- communication (until the meetings module records attendance): "regular" when it sits on a
  body whose rules of procedure set a meeting frequency, "formal" when those rules also name
  who takes the minutes.
"""

from __future__ import annotations

from django.db.models import Q

from braid.agenda.models import (
    Activity,
    Contribution,
    Endorsement,
    GovernanceBody,
    LeadershipRole,
    Responsibility,
    Signature,
    TermsVersion,
)
from braid.partners.levels import register_evidence


def evidence(collaborative_id: int, organisation_ids: list[int]) -> dict[int, dict[str, str]]:
    ids = set(organisation_ids)
    current = (
        TermsVersion.objects.filter(collaborative_id=collaborative_id).order_by("-number").first()
    )
    signed_current: set[int] = set()
    signed_any: set[int] = set()
    for terms_id, org_id in Signature.objects.filter(
        collaborative_id=collaborative_id, organisation_id__in=ids
    ).values_list("terms_id", "organisation_id"):
        signed_any.add(org_id)
        if current is not None and terms_id == current.pk:
            signed_current.add(org_id)
    endorsed = set(
        Endorsement.objects.filter(
            collaborative_id=collaborative_id, organisation_id__in=ids
        ).values_list("organisation_id", flat=True)
    )
    raci: dict[int, set[str]] = {}
    for org_id, role in Responsibility.objects.filter(
        collaborative_id=collaborative_id, organisation_id__in=ids
    ).values_list("organisation_id", "role"):
        raci.setdefault(org_id, set()).add(role)
    leaders = set(
        LeadershipRole.objects.filter(
            collaborative_id=collaborative_id, organisation_id__in=ids
        ).values_list("organisation_id", flat=True)
    )
    activities = Activity.objects.filter(collaborative_id=collaborative_id).exclude(
        status="dropped"
    )
    leads = set(activities.filter(lead_id__in=ids).values_list("lead_id", flat=True))
    supports = set(activities.filter(supporters__in=ids).values_list("supporters", flat=True))
    bodies = GovernanceBody.objects.filter(
        collaborative_id=collaborative_id, rules__isnull=False
    ).filter(member_organisations__in=ids)
    on_body = set(bodies.values_list("member_organisations", flat=True))
    on_consensual_body = set(
        bodies.filter(
            Q(rules__decision_method="consensus") | Q(rules__decision_method="consent")
        ).values_list("member_organisations", flat=True)
    )
    meeting = bodies.exclude(rules__meeting_frequency="")
    meets_regularly = set(meeting.values_list("member_organisations", flat=True))
    meets_formally = set(
        meeting.exclude(rules__minutes_taken_by="").values_list("member_organisations", flat=True)
    )
    pooled = set(
        Contribution.objects.filter(
            collaborative_id=collaborative_id,
            organisation_id__in=ids,
            kind__in=["funding", "staff"],
        ).values_list("organisation_id", flat=True)
    )
    shared = set(
        Contribution.objects.filter(
            collaborative_id=collaborative_id, organisation_id__in=ids
        ).values_list("organisation_id", flat=True)
    )
    out: dict[int, dict[str, str]] = {}
    for org_id in ids:
        e: dict[str, str] = {}
        if org_id in signed_current:
            e["agreement"] = "signed"
        elif org_id in signed_any or org_id in endorsed:
            e["agreement"] = "formalised"
        roles = raci.get(org_id, set())
        if roles & {"R", "A"} and org_id in signed_current:
            e["roles"] = "formalised"
        elif roles or org_id in leaders:
            e["roles"] = "defined"
        elif org_id in leads or org_id in supports:
            e["roles"] = "somewhat"
        if org_id in on_consensual_body:
            e["decisions"] = "all_shared"
        elif org_id in leads or org_id in on_body:
            e["decisions"] = "shared_joint"
        if org_id in meets_formally:
            e["communication"] = "formal"
        elif org_id in meets_regularly:
            e["communication"] = "regular"
        if org_id in pooled:
            e["resources"] = "pooled"
        elif org_id in shared:
            e["resources"] = "some_shared"
        if e:
            out[org_id] = e
    return out


register_evidence(evidence)
