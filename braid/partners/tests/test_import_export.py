"""Importing organisations is all-or-nothing with every problem reported; exports are safe."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from braid.core.testing import table_counts
from braid.partners.models import Contact, Organisation

GOOD = (
    "name;sector;status;contact_name;contact_email;contact_language\n"
    "Riverside Police;police_justice;partner;Dan Roy;d.roy@rps.example;en\n"
    "Riverside Police;;;Eve Moss;e.moss@rps.example;fr\n"
    "Lakeview Foundation;philanthropy;prospect;;;\n"
)
BAD = (
    "name,sector,status,contact_name,contact_email,contact_language\n"
    "Riverside Police,police_justice,partner,Dan Roy,d.roy@rps.example,en\n"
    "Eastside Helth Centre,health,,,,\n"
    ",nonprofit,,,,\n"
    "Lakeview Foundation,spaceship,friend,Ann,not-an-email,de\n"
)


def _upload(client, slug, text, name="orgs.csv"):  # type: ignore[no-untyped-def]
    file = io.BytesIO(text.encode("utf-8-sig"))
    file.name = name
    return client.post(reverse("partners:import", args=[slug]), {"file": file})


def test_good_file_imports_organisations_and_contacts(steward_client, collaborative):  # type: ignore[no-untyped-def]
    response = _upload(steward_client, collaborative.slug, GOOD)
    assert response.status_code == 302
    police = Organisation.objects.get(name="Riverside Police")
    assert police.sector == "police_justice" and police.status == "partner"
    assert sorted(
        Contact.objects.filter(organisation=police).values_list("preferred_language", flat=True)
    ) == ["en", "fr"]
    assert Organisation.objects.filter(collaborative=collaborative).count() == 2


def test_file_with_errors_reports_every_problem_and_imports_nothing(
    steward_client, collaborative, organisation
):  # type: ignore[no-untyped-def]
    before = table_counts()
    response = _upload(steward_client, collaborative.slug, BAD)
    assert response.status_code == 400
    problems = [(p.row, p.field) for p in response.context["result"].problems]
    assert problems == [
        (3, "name"),
        (4, "name"),
        (5, "sector"),
        (5, "status"),
        (5, "contact_email"),
        (5, "contact_language"),
    ]
    html = response.content.decode()
    assert "Did you mean “Eastside Health Centre”" in html
    assert "nothing was imported" in html
    assert table_counts() == before


def test_import_updates_exact_matches_and_says_so(steward_client, collaborative, organisation):  # type: ignore[no-untyped-def]
    response = _upload(
        steward_client,
        collaborative.slug,
        "name,priorities\neastside health centre,Mental health\n",
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.priorities == "Mental health"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["0 organisations added, 1 updated and 0 contacts imported."]


def test_missing_name_column_and_wrong_format_are_clear(steward_client, collaborative):  # type: ignore[no-untyped-def]
    response = _upload(steward_client, collaborative.slug, "colour\nX\n")
    assert response.status_code == 200  # the mapping step: Braid found no name column
    response = steward_client.post(
        reverse("partners:import", args=[collaborative.slug]), {"step": "map", "column_0": ""}
    )
    assert response.status_code == 400
    assert "Choose the column that holds the organisation" in response.content.decode()
    response = _upload(steward_client, collaborative.slug, "x", name="orgs.pdf")
    assert response.status_code == 400
    assert "CSV (UTF-8) or XLSX" in response.content.decode()


def test_partner_cannot_import(partner_client, collaborative):  # type: ignore[no-untyped-def]
    assert _upload(partner_client, collaborative.slug, GOOD).status_code == 403
    assert not Organisation.objects.filter(name="Riverside Police").exists()


def test_export_neutralises_formulas_in_csv_and_xlsx(steward_client, collaborative):  # type: ignore[no-untyped-def]
    Organisation.objects.create(
        collaborative=collaborative,
        name="=HYPERLINK(evil)",
        normalised_name="hyperlink evil",
        notes="@cmd",
    )
    csv_text = steward_client.get(
        reverse("partners:export", args=[collaborative.slug]), {"format": "csv"}
    ).content.decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in csv_text and "'@cmd" in csv_text
    xlsx = steward_client.get(
        reverse("partners:export", args=[collaborative.slug]), {"format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A2"].value == "'=HYPERLINK(evil)"


def test_cli_import_writes_the_error_report_and_exits_non_zero(tmp_path, collaborative, steward):  # type: ignore[no-untyped-def]
    bad = tmp_path / "orgs.csv"
    bad.write_text(BAD)
    with pytest.raises(CommandError, match="Nothing was imported: 5 problems"):
        call_command("import", "organisations", str(bad), collaborative=collaborative.slug)
    report = (tmp_path / "orgs.csv.errors.csv").read_text()
    assert report.splitlines()[0] == "row,column,value,problem"
    assert "not-an-email" in report
    assert not Organisation.objects.filter(name="Riverside Police").exists()


def test_cli_round_trip(tmp_path, collaborative, steward, capsys):  # type: ignore[no-untyped-def]
    good = tmp_path / "orgs.csv"
    good.write_text(GOOD)
    call_command("import", "organisations", str(good), collaborative=collaborative.slug)
    assert "rows read: 3, inserted: 2, updated: 0" in capsys.readouterr().out
    out = tmp_path / "out.xlsx"
    call_command(
        "export", "organisations", collaborative=collaborative.slug, format="xlsx", output=str(out)
    )
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][0] == "name" and {r[0] for r in rows[1:]} == {
        "Riverside Police",
        "Lakeview Foundation",
    }


def test_cli_unknown_kind_is_a_clear_error(collaborative, steward, tmp_path):  # type: ignore[no-untyped-def]
    with pytest.raises(
        CommandError, match=r"Cannot export .spaceships.; choose one of: (\w+, )*organisations"
    ):
        call_command("export", "spaceships", collaborative=collaborative.slug)


def test_ratings_in_the_file_are_checked_per_row_and_field(steward_client, collaborative):  # type: ignore[no-untyped-def]
    text = "name,influence,proximity,stance\nA Org,6,3,supporter\nB Org,4,4,friendly\nC Org,5,4,champion\n"
    response = _upload(steward_client, collaborative.slug, text)
    assert [(p.row, p.field) for p in response.context["result"].problems] == [
        (2, "influence"),
        (3, "stance"),
    ]
    assert not Organisation.objects.exists()
    fixed = text.replace("A Org,6", "A Org,5").replace("friendly", "neutral")
    assert _upload(steward_client, collaborative.slug, fixed).status_code == 302
    from braid.partners.models import StakeholderRating

    assert StakeholderRating.objects.get(organisation__name="C Org").influence == 5
    csv_text = steward_client.get(
        reverse("partners:export", args=[collaborative.slug]), {"format": "csv"}
    ).content.decode("utf-8-sig")
    assert "C Org,other,prospect,,,,,,,,5,4,champion" in csv_text


def test_private_notes_leave_only_in_a_stewards_export(
    steward_client, viewer_client, partner_client, collaborative, organisation
):  # type: ignore[no-untyped-def]
    organisation.notes = "Board is split on data sharing"
    organisation.save()
    url = reverse("partners:export", args=[collaborative.slug])
    assert "Board is split" in steward_client.get(url, {"format": "csv"}).content.decode()
    for client in (viewer_client, partner_client):
        text = client.get(url, {"format": "csv"}).content.decode()
        assert "Eastside Health Centre" in text and "Board is split" not in text
