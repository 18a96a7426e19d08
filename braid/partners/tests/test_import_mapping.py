"""Real-world organisation files: French or bilingual headers, a mapping step, sectors written
as people write them, general addresses without a person, and `--map` on the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from braid.core.testing import table_counts
from braid.lib.columns import match_choice, suggest_mapping
from braid.partners.columns import HEADER_ALIASES, ChoiceReader
from braid.partners.models import Contact, CustomSector, Organisation

FRENCH = (
    "Nom de l'organisme;Secteur;Statut;Courriel;Langue;Région\n"
    "Santé Rive-Sud;Santé;Partenaire;info@srs.example;Français;Montérégie\n"
    "Police de Riverside;police-justice;prospect;;anglais;Ouest\n"
    "Fondation du Lac;Bailleurs de fonds;;;;\n"
)


def _upload(client, slug, text, name="orgs.csv"):  # type: ignore[no-untyped-def]
    file = io.BytesIO(text.encode("utf-8-sig"))
    file.name = name
    return client.post(reverse("partners:import", args=[slug]), {"file": file})


def _map(client, slug, fields):  # type: ignore[no-untyped-def]
    data = {"step": "map", **{f"column_{i}": f for i, f in enumerate(fields)}}
    return client.post(reverse("partners:import", args=[slug]), data)


def test_headers_are_read_in_english_french_and_both():
    headers = ["Nom / Name", "SECTEUR", "E-mail | Courriel", "Téléphone", "Whatever", "nom"]
    assert suggest_mapping(headers, HEADER_ALIASES) == [
        "name",
        "sector",
        "contact_email",
        "contact_phone",
        "",
        "",  # "name" is taken by the first column
    ]
    assert suggest_mapping(["Nom du contact", "Contact e-mail"], HEADER_ALIASES) == [
        "contact_name",
        "contact_email",
    ]


def test_choice_values_match_codes_labels_and_synonyms_in_both_languages(collaborative):  # type: ignore[no-untyped-def]
    CustomSector.objects.create(
        collaborative=collaborative, code="faith", label="Faith communities"
    )
    read = ChoiceReader(collaborative.pk).read
    for written, code in [
        ("health", "health"),
        ("Santé", "health"),
        ("police-justice", "police_justice"),
        ("Police and justice", "police_justice"),
        ("police justice", "police_justice"),
        ("Police et justice", "police_justice"),
        ("OBNL", "nonprofit"),
        ("Non-profit", "nonprofit"),
        ("school board", "education"),
        ("faith communities", "faith"),
    ]:
        assert read("sector", written).code == code, written
    assert read("sector", "Helth").code is None
    assert read("sector", "Helth").suggestion == "health"
    assert read("sector", "spaceship").suggestion is None
    assert read("status", "En discussion").code == "in_discussion"
    assert read("stance", "Sceptique").code == "sceptic"
    assert read("contact_language", "Français").code == "fr"
    assert match_choice("", {"a": []}).code is None


def test_french_file_goes_through_the_mapping_step_and_imports(steward_client, collaborative):  # type: ignore[no-untyped-def]
    response = _upload(steward_client, collaborative.slug, FRENCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Which column is which?" in html and "Montérégie" in html
    form = response.context["form"]
    suggested = [form[f"column_{i}"].initial for i in range(6)]
    assert suggested == ["name", "sector", "status", "contact_email", "contact_language", ""]
    response = _map(steward_client, collaborative.slug, suggested)
    assert response.status_code == 302, response.content.decode()[:3000]
    health = Organisation.objects.get(name="Santé Rive-Sud")
    assert (health.sector, health.status) == ("health", "partner")
    assert Organisation.objects.get(name="Police de Riverside").sector == "police_justice"
    assert Organisation.objects.get(name="Fondation du Lac").sector == "philanthropy"
    # A general address is a contact without a person's name.
    contact = Contact.objects.get(organisation=health)
    assert (contact.name, contact.email, contact.preferred_language) == (
        "",
        "info@srs.example",
        "fr",
    )
    page = steward_client.get(reverse("partners:detail", args=[collaborative.slug, health.pk]))
    assert "info@srs.example" in page.content.decode()


def test_mapping_step_can_correct_and_keeps_choices_on_error(steward_client, collaborative):  # type: ignore[no-untyped-def]
    text = "Partenaire;Catégorie\nCentre Jeunesse;Éducation\n"
    response = _upload(steward_client, collaborative.slug, text)
    assert response.status_code == 200
    before = table_counts()
    response = _map(steward_client, collaborative.slug, ["sector", "sector"])
    assert response.status_code == 400
    html = response.content.decode()
    assert "already this field" in html and "Choose the column that holds" in html
    assert table_counts() == before
    # what was chosen is still chosen
    assert response.context["form"]["column_1"].value() == "sector"
    response = _map(steward_client, collaborative.slug, ["name", "sector"])
    assert response.status_code == 302
    assert Organisation.objects.get(name="Centre Jeunesse").sector == "education"


def test_unmatched_choices_suggest_the_nearest_in_the_files_own_column_names(
    steward_client, collaborative
):  # type: ignore[no-untyped-def]
    text = "Nom;Secteur;Langue\nA;Helth;fr\nB;spaceship;klingon\n"
    _upload(steward_client, collaborative.slug, text)
    response = _map(steward_client, collaborative.slug, ["name", "sector", "contact_language"])
    assert response.status_code == 400
    problems = [(p.row, p.field) for p in response.context["result"].problems]
    assert problems == [(2, "Secteur"), (3, "Secteur"), (3, "Langue")]
    html = response.content.decode()
    assert "did you mean “Health”?" in html
    assert "write one of" in html
    assert not Organisation.objects.filter(name__in=["A", "B"]).exists()


def test_mapping_step_without_an_upload_asks_for_the_file_again(steward_client, collaborative):  # type: ignore[no-untyped-def]
    response = _map(steward_client, collaborative.slug, ["name"])
    assert response.status_code == 302
    assert response["Location"].endswith("/import/")


def test_the_template_downloads_in_braids_own_columns(steward_client, collaborative):  # type: ignore[no-untyped-def]
    url = reverse("partners:import_template", args=[collaborative.slug])
    text = steward_client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("name,sector,status")
    assert _upload(steward_client, collaborative.slug, text).status_code == 302


def test_cli_map_names_the_columns_braid_cannot_guess(tmp_path, collaborative, steward, capsys):  # type: ignore[no-untyped-def]
    path = tmp_path / "orgs.csv"
    path.write_text("Raison d'être;Groupe;Remarque interne\nCentre A;Santé;x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported: 1 problems"):
        call_command("import", "organisations", str(path), collaborative=collaborative.slug)
    call_command(
        "import",
        "organisations",
        str(path),
        collaborative=collaborative.slug,
        map=["Raison d'être=name", "groupe=sector", "Remarque interne=-"],
    )
    assert "inserted: 1" in capsys.readouterr().out
    org = Organisation.objects.get(name="Centre A")
    assert (org.sector, org.notes) == ("health", "")
    with pytest.raises(CommandError, match="the file has no column “Colour”"):
        call_command(
            "import",
            "organisations",
            str(path),
            collaborative=collaborative.slug,
            map=["Colour=name"],
        )
    with pytest.raises(CommandError, match="“nickname” is not a field Braid reads"):
        call_command(
            "import",
            "organisations",
            str(path),
            collaborative=collaborative.slug,
            map=["Groupe=nickname"],
        )
