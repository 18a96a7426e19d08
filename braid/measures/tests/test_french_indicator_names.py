"""A values file may name an indicator by its French name (`name_fr`), case and accents aside,
as well as by its code or English name; the template a French reader downloads names the
indicators in French and imports as it is."""

from __future__ import annotations

import io

from django.urls import reverse

from braid.collaboratives.access import access_for
from braid.measures.imports import import_values
from braid.measures.models import ImportJob, Value


def _french(served):  # type: ignore[no-untyped-def]
    served.name_fr = "Jeunes accompagnés"
    served.save(update_fields=["name_fr"])


def test_the_french_name_matches_case_and_accents_aside(partner, collaborative, measures):  # type: ignore[no-untyped-def]
    _french(measures["served"])
    org = measures["org"].name
    text = (
        "indicator,organisation,period,value\n"
        f"JEUNES ACCOMPAGNES,{org},2026-01,4\n"
        f"jeunes accompagnés,{org},2026-02,5\n"
        f"Jeunes acompagnes,{org},2026-03,6\n"
    )
    result = import_values(
        access=access_for(partner, collaborative.slug),
        source=io.BytesIO(text.encode()),
        filename="f.csv",
        organisation_id=measures["org"].pk,
    )
    assert [(p.row, p.message) for p in result.problems] == [
        (
            4,
            "Unknown indicator; write its code or its name, as on the indicators page."
            " Did you mean “Jeunes accompagnés”?",
        )
    ]
    fixed = text.replace("Jeunes acompagnes", "Jeunes Accompagnés")
    result = import_values(
        access=access_for(partner, collaborative.slug),
        source=io.BytesIO(fixed.encode()),
        filename="f.csv",
        organisation_id=measures["org"].pk,
    )
    assert result.ok, result.problems
    assert sorted(Value.objects.values_list("period__code", "value")) == [
        ("2026-01", 4),
        ("2026-02", 5),
        ("2026-03", 6),
    ]


def test_the_french_template_names_indicators_in_french_and_uploads_as_it_is(
    partner_client, collaborative, measures, django_capture_on_commit_callbacks
):  # type: ignore[no-untyped-def]
    _french(measures["served"])
    period = measures["periods"][1]
    url = reverse("measures:template", args=[collaborative.slug, period.pk])
    english = partner_client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert english.splitlines()[1].startswith("youth-served,Youth-Served,")
    french = partner_client.get(url, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="fr")
    lines = french.content.decode("utf-8-sig").splitlines()
    assert lines[1].startswith("youth-served,Jeunes accompagnés,")
    lines[1] = lines[1].replace(",2026-02,,,,,", ",2026-02,,42,,,")
    _upload(partner_client, collaborative, django_capture_on_commit_callbacks, lines[:2])
    assert Value.objects.get(period=period, disaggregation="").value == 42
    # A file of their own naming the indicator in French, capitals and no accents.
    _upload(
        partner_client,
        collaborative,
        django_capture_on_commit_callbacks,
        ["Indicateur,Période,Valeur", "JEUNES ACCOMPAGNES,2026-03,6"],
    )
    assert Value.objects.get(period=measures["periods"][2], disaggregation="").value == 6


def _upload(client, collaborative, capture, lines):  # type: ignore[no-untyped-def]
    file = io.BytesIO("\n".join(lines).encode())
    file.name = "valeurs.csv"
    ImportJob.objects.all().delete()
    with capture(execute=True):
        client.post(
            reverse("measures:upload", args=[collaborative.slug]),
            {"file": file},
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    job = ImportJob.objects.get()
    assert job.status == "done", job.result.get("problems")
