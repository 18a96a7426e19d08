"""Terms of reference: issuing freezes a snapshot; partners sign once per version; PDF and French."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from braid.agenda.models import (
    AgendaVersion,
    BackboneAssignment,
    Contribution,
    GovernanceBody,
    LeadershipRole,
    Responsibility,
    RulesOfProcedure,
    Signature,
    TermsVersion,
)
from braid.agenda.terms import document, selectors, services
from braid.agenda.tests.factories import make_activity
from braid.collaboratives.access import access_for
from braid.collaboratives.testing import bearer, make_persona
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core.errors import ConflictError, ServiceError
from braid.partners.tests.factories import ContactFactory

FROM = dt.date(2026, 1, 15)


@pytest.fixture
def school(collaborative):  # type: ignore[no-untyped-def]
    return OrganisationFactory(
        collaborative=collaborative, name="Northside School Board", sector="education"
    )


@pytest.fixture
def design(collaborative, organisation, school):  # type: ignore[no-untyped-def]
    """A small collaborative: an agenda, a steering committee with rules, RACI, resources."""
    OrganisationFactory(collaborative=collaborative, name="Prospect Bank", status="prospect")
    AgendaVersion.objects.create(
        collaborative=collaborative,
        number=1,
        problem="Youth leave school early.",
        vision="Every young person connected.",
        north_star="Graduation rate at 90 % by 2030.",
    )
    rules = RulesOfProcedure.objects.create(
        collaborative=collaborative,
        name="Steering rules",
        decision_method="consensus",
        meeting_frequency="Monthly",
        minutes_taken_by="Backbone staff",
    )
    chair = ContactFactory(organisation=organisation, name="Ada Moreau")
    body = GovernanceBody.objects.create(
        collaborative=collaborative,
        name="Steering committee",
        kind="steering",
        rules=rules,
        chair=chair,
    )
    body.member_organisations.set([organisation, school])
    LeadershipRole.objects.create(
        collaborative=collaborative,
        title="chair",
        body=body,
        person="Ada Moreau",
        organisation=organisation,
        term_start=dt.date(2025, 1, 1),
    )
    BackboneAssignment.objects.create(
        collaborative=collaborative, function="measurement", assignee="Data team"
    )
    activity = make_activity(collaborative, lead=organisation)
    Responsibility.objects.create(
        collaborative=collaborative, activity=activity, organisation=organisation, role="R"
    )
    Responsibility.objects.create(
        collaborative=collaborative, activity=activity, organisation=school, role="C"
    )
    for org, kind, value in [
        (organisation, "funding", "20000"),
        (organisation, "staff", "5000"),
        (school, "space", "2500"),
    ]:
        Contribution.objects.create(
            collaborative=collaborative,
            organisation=org,
            kind=kind,
            value=Decimal(value),
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 12, 31),
        )
    return body


def _issue(access, **kwargs):  # type: ignore[no-untyped-def]
    fields = {
        "title": "Terms of reference 2026",
        "effective_from": FROM,
        "data_sharing": "Aggregates only.",
        "term_and_exit": "Two years; 60 days' notice to leave.",
        **kwargs,
    }
    latest = TermsVersion.objects.filter(collaborative=access.collaborative).order_by("-number")
    fields.setdefault("confirm", latest.values_list("number", flat=True).first())
    return services.terms_issue(access=access, **fields)


def _signing(user, collaborative, number):  # type: ignore[no-untyped-def]
    return {
        "access": access_for(user, collaborative.slug),
        "number": number,
        "signatory": "Dr Lee",
        "signatory_title": "Director",
    }


def test_issuing_freezes_the_collaboratives_design_data(
    collaborative, steward, organisation, school, design
):  # type: ignore[no-untyped-def]
    terms = _issue(access_for(steward, collaborative.slug))
    snap = terms.snapshot
    assert terms.number == 1
    assert snap["purpose"]["problem"] == "Youth leave school early."
    assert snap["purpose"]["north_star"] == "Graduation rate at 90 % by 2030."
    assert [(p["name"], p["sector"], p["raci"]) for p in snap["partners"]] == [
        ("Eastside Health Centre", "health", {"R": 1}),
        ("Northside School Board", "education", {"C": 1}),
    ]
    (body,) = snap["bodies"]
    assert body["members"] == ["Eastside Health Centre", "Northside School Board"]
    assert body["chair"] == "Ada Moreau"
    assert body["rules"]["decision_method"] == "consensus"
    assert body["rules"]["meeting_frequency"] == "Monthly"
    assert snap["leaders"][0]["person"] == "Ada Moreau"
    assert {"function": "measurement", "assignee": "Data team"} in snap["backbone"]
    assert snap["resources"] == {
        "by_kind": {"funding": "20000.00", "staff": "5000.00", "space": "2500.00"},
        "by_partner": {"Eastside Health Centre": "25000.00", "Northside School Board": "2500.00"},
        "total": "27500.00",
    }


def test_issued_snapshot_does_not_change_when_data_changes(
    steward_client, collaborative, steward, organisation, design
):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    terms = _issue(access)
    frozen = TermsVersion.objects.get(pk=terms.pk).snapshot
    AgendaVersion.objects.create(collaborative=collaborative, number=2, problem="A new problem.")
    organisation.name = "Eastside Renamed"
    organisation.save()
    OrganisationFactory(collaborative=collaborative, name="Late Joiner")
    Contribution.objects.all().delete()
    design.rules.delete()
    assert TermsVersion.objects.get(pk=terms.pk).snapshot == frozen
    page = steward_client.get(reverse("agenda:terms_version", args=[collaborative.slug, 1]))
    body = page.content.decode()
    assert "Youth leave school early." in body
    assert "Eastside Health Centre" in body
    assert "Late Joiner" not in body
    second = _issue(access)
    assert second.number == 2
    assert second.snapshot["purpose"]["problem"] == "A new problem."
    assert "Late Joiner" in [p["name"] for p in second.snapshot["partners"]]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"effective_from": None}, "effective_from"),
        ({"effective_to": dt.date(2025, 12, 31)}, "effective_to"),
    ],
)
def test_issue_bad_input_names_the_field(collaborative, steward, design, changes, field):  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as exc:
        _issue(access_for(steward, collaborative.slug), **changes)
    assert [p.field for p in exc.value.problems] == [field]
    assert not TermsVersion.objects.exists()


def test_issue_form_shows_the_date_error(steward_client, collaborative, design):  # type: ignore[no-untyped-def]
    response = steward_client.post(
        reverse("agenda:terms_issue", args=[collaborative.slug]),
        {"title": "ToR", "effective_from": "2026-06-01", "effective_to": "2026-01-01"},
    )
    assert response.status_code == 200
    assert "The terms cannot end (2026-01-01) before they take effect (2026-06-01)." in (
        response.content.decode()
    )
    assert not TermsVersion.objects.exists()


def test_issue_via_api_reports_the_field(client, steward, collaborative, design):  # type: ignore[no-untyped-def]
    url = f"/api/v1/collaboratives/{collaborative.slug}/terms"
    bad = client.post(
        url,
        {"title": "ToR", "effective_from": "2026-06-01", "effective_to": "2026-01-01"},
        content_type="application/json",
        **bearer(steward),
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "effective_to"
    ok = client.post(
        url,
        {"title": "ToR", "effective_from": "2026-06-01"},
        content_type="application/json",
        **bearer(steward),
    )
    assert ok.status_code == 201
    assert [s["signed"] for s in ok.json()["signatures"]] == [False, False]


def test_partner_cannot_issue_terms(partner_client, client, partner, collaborative, design):  # type: ignore[no-untyped-def]
    url = reverse("agenda:terms_issue", args=[collaborative.slug])
    assert partner_client.get(url).status_code == 403
    assert partner_client.post(url, {"title": "x", "effective_from": "2026-01-01"}).status_code == (
        403
    )
    api = client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/terms",
        {"title": "x", "effective_from": "2026-01-01"},
        content_type="application/json",
        **bearer(partner),
    )
    assert api.status_code == 403
    assert not TermsVersion.objects.exists()


def test_partner_signs_for_own_organisation_once(
    partner_client, client, partner, steward, collaborative, organisation, design
):  # type: ignore[no-untyped-def]
    _issue(access_for(steward, collaborative.slug))
    url = reverse("agenda:terms_sign", args=[collaborative.slug, 1])
    response = partner_client.post(
        url, {"signatory": "Dr Lee", "signatory_title": "Director", "confirmed": "1"}
    )
    assert response.status_code == 302
    sig = Signature.objects.get()
    assert (sig.organisation_id, sig.signatory, sig.signed_by) == (
        organisation.pk,
        "Dr Lee",
        partner,
    )
    again = partner_client.post(url, {"signatory": "Dr Lee"}, follow=True)
    assert "Eastside Health Centre has already signed version 1." in again.content.decode()
    api = client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/terms/1/signatures",
        {},
        content_type="application/json",
        **bearer(partner),
    )
    assert api.status_code == 409
    assert api.json()["detail"] == "Eastside Health Centre has already signed version 1."
    assert Signature.objects.count() == 1


def test_partner_cannot_sign_for_another_organisation(
    partner_client, client, partner, steward, collaborative, school, design
):  # type: ignore[no-untyped-def]
    _issue(access_for(steward, collaborative.slug))
    with pytest.raises(PermissionDenied):
        services.terms_sign(
            access=access_for(partner, collaborative.slug), number=1, organisation_id=school.pk
        )
    ui = partner_client.post(
        reverse("agenda:terms_sign", args=[collaborative.slug, 1]),
        {"organisation_id": school.pk},
    )
    assert ui.status_code == 403
    api = client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/terms/1/signatures",
        {"organisation_id": school.pk},
        content_type="application/json",
        **bearer(partner),
    )
    assert api.status_code == 403
    assert not Signature.objects.exists()


def test_viewer_cannot_sign(client, collaborative, steward, design):  # type: ignore[no-untyped-def]
    _issue(access_for(steward, collaborative.slug))
    viewer = make_persona(collaborative, "viewer")
    api = client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/terms/1/signatures",
        {},
        content_type="application/json",
        **bearer(viewer),
    )
    assert api.status_code == 403
    assert not Signature.objects.exists()


def test_steward_records_a_signature_for_any_partner(
    client, steward, collaborative, school, design
):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    _issue(access)
    with pytest.raises(ServiceError) as exc:
        services.terms_sign(access=access, number=1)
    assert exc.value.problems[0].field == "organisation_id"
    prospect = OrganisationFactory(collaborative=collaborative, name="Not a party")
    with pytest.raises(ServiceError):
        services.terms_sign(access=access, number=1, organisation_id=prospect.pk)
    response = client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/terms/1/signatures",
        {"organisation_id": school.pk, "signatory": "M. Roy", "signatory_title": "Chair"},
        content_type="application/json",
        **bearer(steward),
    )
    assert response.status_code == 201
    assert response.json()["organisation"] == "Northside School Board"
    with pytest.raises(ConflictError):
        services.terms_sign(access=access, number=1, organisation_id=school.pk)


def test_page_shows_who_signed_and_who_not_yet_and_older_versions_keep_signatures(
    steward_client, partner, steward, collaborative, organisation, school, design
):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    _issue(access)
    services.terms_sign(**_signing(partner, collaborative, 1))
    rows = selectors.signature_rows(TermsVersion.objects.get(number=1))
    assert [(r.name, r.signature is not None) for r in rows] == [
        ("Eastside Health Centre", True),
        ("Northside School Board", False),
    ]
    page = steward_client.get(reverse("agenda:terms", args=[collaborative.slug])).content.decode()
    assert "1</strong> of 2 parties signed" in page
    assert "Dr Lee" in page
    _issue(access, title="Terms of reference 2027")
    current = steward_client.get(reverse("agenda:terms", args=[collaborative.slug]))
    assert "0</strong> of 2 parties signed" in current.content.decode()
    old = steward_client.get(reverse("agenda:terms_version", args=[collaborative.slug, 1]))
    body = old.content.decode()
    assert "This is an earlier version." in body
    assert "Dr Lee" in body
    assert "1</strong> of 2 parties signed" in body


def test_french_rendering(steward_client, collaborative, steward, design):  # type: ignore[no-untyped-def]
    _issue(access_for(steward, collaborative.slug))
    page = steward_client.get(reverse("agenda:terms", args=[collaborative.slug]) + "?lang=fr")
    body = page.content.decode()
    assert "Partenaires" in body
    assert "Secteur" in body
    assert "15 janv. 2026" in body  # fr-CA, the one date style of the product
    english = steward_client.get(reverse("agenda:terms", args=[collaborative.slug])).content
    assert "Jan. 15, 2026" in english.decode()


def test_pdf_is_an_a4_document_with_the_partner_names(
    steward_client, client, viewer, collaborative, steward, design
):  # type: ignore[no-untyped-def]
    terms = _issue(access_for(steward, collaborative.slug))
    response = steward_client.get(reverse("agenda:terms_pdf", args=[collaborative.slug, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    from django.template.loader import render_to_string
    from django.utils import translation
    from weasyprint import HTML

    with translation.override("fr"):
        html = render_to_string("agenda/terms/pdf.html", document.context(terms))
    assert "Eastside Health Centre" in html and "Northside School Board" in html
    assert "size: A4" in html
    assert "http" not in html.split("<body>")[0]  # no external fonts or stylesheets
    pages = HTML(string=html).render().pages
    assert len(pages) >= 1
    assert round(pages[0].width) == 794  # A4 at 96 px per inch
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        assert "Eastside Health Centre" in text
        assert "Northside School Board" in text
    api = client.get(
        f"/api/v1/collaboratives/{collaborative.slug}/terms/1/pdf?lang=fr", **bearer(viewer)
    )
    assert api.status_code == 200
    assert api.content.startswith(b"%PDF")


def test_design_card_counts_signatures(collaborative, steward, partner, design):  # type: ignore[no-untyped-def]
    from braid.agenda.terms.home import cards, nav

    access = access_for(steward, collaborative.slug)
    assert {str(k): v for k, v in cards(access)[0].figures}["version"] == "—"
    _issue(access)
    services.terms_sign(**_signing(partner, collaborative, 1))
    figures = {str(k): v for k, v in cards(access)[0].figures}
    assert figures == {"version": 1, "signed": "1/2"}
    assert nav(access)[0][1] == f"/c/{collaborative.slug}/agenda/terms/"


def test_listing_versions_takes_a_constant_number_of_queries(
    client, steward, partner, collaborative, design, django_assert_max_num_queries
):  # type: ignore[no-untyped-def]
    access = access_for(steward, collaborative.slug)
    for n in range(4):
        _issue(access, title=f"ToR {n}")
        services.terms_sign(**_signing(partner, collaborative, n + 1))
    headers = bearer(steward)
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/collaboratives/{collaborative.slug}/terms", **headers)
    assert [len([s for s in v["signatures"] if s["signed"]]) for v in response.json()] == [1] * 4


def test_reissuing_over_signatures_needs_the_current_number_through_every_door(  # type: ignore[no-untyped-def]
    client, steward, steward_client, partner, collaborative, organisation, design
):
    """The rule is the service's: the API, the page and any caller are asked the same way."""
    _issue(access_for(steward, collaborative.slug))
    services.terms_sign(
        access=access_for(partner, collaborative.slug),
        number=1,
        signatory="Ada Lovelace",
        signatory_title="Director",
    )
    url = f"/api/v1/collaboratives/{collaborative.slug}/terms"
    body = {"title": "ToR 2", "effective_from": "2027-01-01"}
    for confirm in (None, 0):  # not asked, or a confirmation of another version
        refused = client.post(
            url,
            {**body, **({} if confirm is None else {"confirm": confirm})},
            content_type="application/json",
            **bearer(steward),
        )
        assert refused.status_code == 400
        assert refused.json()["errors"][0]["field"] == "confirm"
        assert "1 signatures" in refused.json()["errors"][0]["message"]
    assert TermsVersion.objects.count() == 1
    page = steward_client.post(
        reverse("agenda:terms_issue", args=[collaborative.slug]), body | {"title": "ToR 2"}
    )
    assert page.status_code == 200 and page.context["confirm"]["signed"] == 1
    assert TermsVersion.objects.count() == 1  # the page asked first
    ok = client.post(
        url, {**body, "confirm": 1}, content_type="application/json", **bearer(steward)
    )
    assert ok.status_code == 201 and ok.json()["number"] == 2
