"""Nothing irreversible by accident: issuing a version that resets signatures says so and what
changes, and asks first; signing shows what is signed, asks for the name and title it records
(never filled in silently) and records only once confirmed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from braid.agenda.models import Signature, TermsVersion
from braid.agenda.terms import services
from braid.collaboratives.access import access_for
from braid.core.errors import ServiceError
from braid.core.testing import table_counts

from .test_terms import _issue, _signing, design, school  # noqa: F401 (fixtures)


@pytest.fixture
def issued(collaborative, steward, organisation, school, design):  # type: ignore[no-untyped-def]  # noqa: F811
    return _issue(access_for(steward, collaborative.slug))


def _issue_form(**extra):  # type: ignore[no-untyped-def]
    return {
        "title": "Terms of reference 2026",
        "effective_from": "2026-01-15",
        "data_sharing": "Aggregates only.",
        "term_and_exit": "Two years; 60 days' notice to leave.",
        **extra,
    }


def test_signing_asks_for_name_and_title_and_never_fills_them_in(
    partner_client, partner, collaborative, issued
):  # type: ignore[no-untyped-def]
    url = reverse("agenda:terms_sign", args=[collaborative.slug, 1])
    before = table_counts()
    response = partner_client.post(url, {"signatory": " ", "signatory_title": "", "confirmed": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write the name of the person who signs" in html
    assert "Write the signer&#x27;s title" in html or "Write the signer's title" in html
    assert table_counts() == before
    with pytest.raises(ServiceError) as exc:
        services.terms_sign(access=access_for(partner, collaborative.slug), number=1)
    assert [p.field for p in exc.value.problems] == ["signatory", "signatory_title"]
    assert not Signature.objects.exists()


def test_signing_shows_what_is_signed_and_records_only_when_confirmed(
    partner_client, partner, collaborative, issued
):  # type: ignore[no-untyped-def]
    url = reverse("agenda:terms_sign", args=[collaborative.slug, 1])
    response = partner_client.post(url, {"signatory": "Dr Lee", "signatory_title": "Director"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "What you are signing" in html
    assert "Terms of reference 2026" in html and "Eastside Health Centre" in html
    assert "Dr Lee, Director" in html and 'name="confirmed" value="1"' in html
    assert not Signature.objects.exists()
    response = partner_client.post(
        url, {"signatory": "Dr Lee", "signatory_title": "Director", "confirmed": "1"}
    )
    assert response.status_code == 302
    sig = Signature.objects.get()
    assert (sig.signatory, sig.signatory_title) == ("Dr Lee", "Director")


def test_reissuing_over_signatures_warns_lists_the_changes_and_waits_for_confirmation(
    steward_client,
    partner,
    steward,
    collaborative,
    issued,
    school,  # noqa: F811
):  # type: ignore[no-untyped-def]
    services.terms_sign(**_signing(partner, collaborative, 1))
    school.status = "prospect"
    school.save()
    url = reverse("agenda:terms_issue", args=[collaborative.slug])
    response = steward_client.post(url, _issue_form(data_sharing="Row-level data too."))
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 party signed version 1: a new version starts with no signature" in html
    assert "The data-sharing clause changes." in html
    assert "No longer parties: Northside School Board." in html
    assert "Row-level data too." in html  # what was typed is kept
    assert TermsVersion.objects.count() == 1
    response = steward_client.post(
        url, _issue_form(data_sharing="Row-level data too.", confirm="1")
    )
    assert response.status_code == 302
    assert TermsVersion.objects.count() == 2
    assert TermsVersion.objects.get(number=1).signatures.count() == 1


def test_reissuing_unchanged_terms_says_nothing_changed(
    steward_client, partner, collaborative, issued
):  # type: ignore[no-untyped-def]
    services.terms_sign(**_signing(partner, collaborative, 1))
    response = steward_client.post(
        reverse("agenda:terms_issue", args=[collaborative.slug]), _issue_form()
    )
    assert "Nothing that the partners signed has changed since version 1." in (
        response.content.decode()
    )
    assert TermsVersion.objects.count() == 1


def test_issuing_over_an_unsigned_version_needs_no_confirmation(
    steward_client, collaborative, issued
):  # type: ignore[no-untyped-def]
    response = steward_client.post(
        reverse("agenda:terms_issue", args=[collaborative.slug]), _issue_form(title="v2")
    )
    assert response.status_code == 302
    assert TermsVersion.objects.count() == 2


def test_the_language_switch_offers_the_other_language_of_the_document(
    steward_client, collaborative, issued
):  # type: ignore[no-untyped-def]
    url = reverse("agenda:terms", args=[collaborative.slug])
    assert "Read in French" in steward_client.get(url).content.decode()
    assert "Read in English" in steward_client.get(url + "?lang=fr").content.decode()
    steward_client.cookies["django_language"] = "fr"
    page = steward_client.get(url).content.decode()
    assert "Lire en anglais" in page and "Raison d’être" in page
