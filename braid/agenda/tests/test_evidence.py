"""Design evidence for the observed level of collaboration (INSTRUMENTS.md §1)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from braid.agenda.evidence import evidence
from braid.agenda.models import (
    Contribution,
    GovernanceBody,
    LeadershipRole,
    Responsibility,
    RulesOfProcedure,
    Signature,
    TermsVersion,
)
from braid.agenda.terms import services as terms_services
from braid.agenda.tests.factories import make_activity
from braid.collaboratives.access import access_for
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.lib.levels import Level
from braid.partners.levels import partner_levels
from braid.partners.tests.factories import RatingFactory


def _contribute(org, kind):  # type: ignore[no-untyped-def]
    Contribution.objects.create(
        collaborative=org.collaborative,
        organisation=org,
        kind=kind,
        value=Decimal(100),
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )


def _terms(collaborative, number):  # type: ignore[no-untyped-def]
    return TermsVersion.objects.create(
        collaborative=collaborative,
        number=number,
        title="ToR",
        effective_from=dt.date(2026, 1, 1),
    )


def _sign(terms, org):  # type: ignore[no-untyped-def]
    Signature.objects.create(
        collaborative=terms.collaborative, terms=terms, organisation=org, signatory="X"
    )


def test_agreement_signed_for_current_version_formalised_for_an_older_one(collaborative):  # type: ignore[no-untyped-def]
    old_signer = OrganisationFactory(collaborative=collaborative)
    current_signer = OrganisationFactory(collaborative=collaborative)
    silent = OrganisationFactory(collaborative=collaborative)
    v1, v2 = _terms(collaborative, 1), _terms(collaborative, 2)
    _sign(v1, old_signer)
    _sign(v1, current_signer)
    _sign(v2, current_signer)
    e = evidence(collaborative.pk, [old_signer.pk, current_signer.pk, silent.pk])
    assert e[old_signer.pk]["agreement"] == "formalised"
    assert e[current_signer.pk]["agreement"] == "signed"
    assert "agreement" not in e.get(silent.pk, {})


def test_resources_pooled_for_funding_or_staff_some_shared_otherwise(collaborative):  # type: ignore[no-untyped-def]
    funder, staff, data, none = (OrganisationFactory(collaborative=collaborative) for _ in "abcd")
    _contribute(funder, "funding")
    _contribute(staff, "staff")
    _contribute(data, "data")
    e = evidence(collaborative.pk, [funder.pk, staff.pk, data.pk, none.pk])
    assert e[funder.pk]["resources"] == "pooled"
    assert e[staff.pk]["resources"] == "pooled"
    assert e[data.pk]["resources"] == "some_shared"
    assert none.pk not in e


def test_roles_and_decisions(collaborative):  # type: ignore[no-untyped-def]
    lead, supporter, consulted, leader, accountable = (
        OrganisationFactory(collaborative=collaborative) for _ in range(5)
    )
    activity = make_activity(collaborative, lead=lead)
    activity.supporters.add(supporter)
    Responsibility.objects.create(
        collaborative=collaborative, activity=activity, organisation=consulted, role="C"
    )
    Responsibility.objects.create(
        collaborative=collaborative, activity=activity, organisation=accountable, role="A"
    )
    LeadershipRole.objects.create(
        collaborative=collaborative,
        title="co_chair",
        person="Sam",
        organisation=leader,
        term_start=dt.date(2025, 1, 1),
    )
    ids = [lead.pk, supporter.pk, consulted.pk, leader.pk, accountable.pk]
    e = evidence(collaborative.pk, ids)
    assert e[supporter.pk] == {"roles": "somewhat"}
    assert e[lead.pk] == {"roles": "somewhat", "decisions": "shared_joint"}
    assert e[consulted.pk] == {"roles": "defined"}
    assert e[leader.pk] == {"roles": "defined"}
    assert e[accountable.pk] == {"roles": "defined"}  # A or R needs a signed ToR to be formal
    _sign(_terms(collaborative, 1), accountable)
    assert evidence(collaborative.pk, ids)[accountable.pk]["roles"] == "formalised"


@pytest.mark.parametrize(
    ("method", "decisions"), [("majority", "shared_joint"), ("consent", "all_shared")]
)
def test_a_seat_on_a_body_with_rules_shares_decisions(collaborative, method, decisions):  # type: ignore[no-untyped-def]
    member, outsider_org = (OrganisationFactory(collaborative=collaborative) for _ in "ab")
    rules = RulesOfProcedure.objects.create(
        collaborative=collaborative, name="Rules", decision_method=method
    )
    body = GovernanceBody.objects.create(
        collaborative=collaborative, name="Table", kind="steering", rules=rules
    )
    body.member_organisations.add(member)
    no_rules = GovernanceBody.objects.create(
        collaborative=collaborative, name="Informal", kind="other"
    )
    no_rules.member_organisations.add(outsider_org)
    e = evidence(collaborative.pk, [member.pk, outsider_org.pk])
    assert e[member.pk]["decisions"] == decisions
    assert outsider_org.pk not in e


def test_evidence_never_crosses_collaboratives(collaborative, other_collaborative):  # type: ignore[no-untyped-def]
    mine = OrganisationFactory(collaborative=collaborative)
    _contribute(mine, "funding")
    assert evidence(other_collaborative.pk, [mine.pk]) == {}


def test_observed_level_rises_when_the_partner_signs(collaborative, steward, partner, organisation):  # type: ignore[no-untyped-def]
    organisation.joined_on = dt.date(2025, 3, 1)
    organisation.save()
    RatingFactory(organisation=organisation, stance="champion")
    rules = RulesOfProcedure.objects.create(
        collaborative=collaborative,
        name="Steering rules",
        decision_method="consensus",
        meeting_frequency="Monthly",
        minutes_taken_by="Backbone",
    )
    body = GovernanceBody.objects.create(
        collaborative=collaborative, name="Steering", kind="steering", rules=rules
    )
    body.member_organisations.add(organisation)
    activity = make_activity(collaborative, lead=organisation)
    Responsibility.objects.create(
        collaborative=collaborative, activity=activity, organisation=organisation, role="R"
    )
    _contribute(organisation, "funding")
    access = access_for(steward, collaborative.slug)

    def row():  # type: ignore[no-untyped-def]
        (r,) = [r for r in partner_levels(access) if r.organisation.pk == organisation.pk]
        return r

    before = row()
    assert before.observed == Level.COOPERATION
    assert "agreement" in before.held_back_by
    terms_services.terms_issue(access=access, title="ToR", effective_from=dt.date(2026, 1, 1))
    terms_services.terms_sign(
        access=access_for(partner, collaborative.slug),
        number=1,
        signatory="Dr Lee",
        signatory_title="Director",
    )
    after = row()
    assert after.evidence.agreement == "signed"
    assert after.evidence.roles == "formalised"
    assert after.observed == Level.COORDINATION
    assert after.observed > before.observed
    assert "agreement" not in after.held_back_by
    # A new version the partner has not signed yet: the agreement is formalised, no longer signed.
    terms_services.terms_issue(
        access=access, title="ToR 2", effective_from=dt.date(2027, 1, 1), confirm=1
    )
    assert row().evidence.agreement == "formalised"
