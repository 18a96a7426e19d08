"""The action-plan import takes the plans people keep: French or bilingual headers, a mapping
step with the first rows, statuses as people write them, `--map` and a template."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from braid.agenda.models import Activity
from braid.agenda.plan_import import _statuses, mapping_for
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.core.testing import table_counts
from braid.lib.columns import match_choice

FRENCH = (
    "Activité;Organisme responsable;Date de début;Date de fin;Statut\n"
    "Mentorat;Eastside Health Centre;2026-01-01;2026-12-31;En cours\n"
    "Basketball de soir;City Parks;2026-02-01;2026-10-31;à faire\n"
)
UNKNOWN = (
    "Quoi;Qui;De;À;Où en est-on\n"
    "Mentorat;Eastside Health Centre;2026-01-01;2026-12-31;in-progress\n"
    "Basketball;City Parks;2026-02-01;2026-10-31;Under_way\n"
    "Marches;City Parks;2026-03-01;2026-04-30;Done\n"
    "Ateliers;City Parks;2026-03-01;2026-04-30;\n"
)


@pytest.fixture
def parks(collaborative, organisation):  # type: ignore[no-untyped-def]
    return OrganisationFactory(collaborative=collaborative, name="City Parks", status="partner")


def _upload(client, text, name="plan.csv"):  # type: ignore[no-untyped-def]
    file = io.BytesIO(text.encode("utf-8-sig"))
    file.name = name
    return client.post(reverse("agenda:plan_import", args=["riverside"]), {"file": file})


def _map(client, fields):  # type: ignore[no-untyped-def]
    data = {"step": "map", **{f"column_{i}": f for i, f in enumerate(fields)}}
    return client.post(reverse("agenda:plan_import", args=["riverside"]), data)


def test_headers_are_read_in_english_french_and_both():
    headers = ["Activité / Activity", "Lead organisation", "Début", "Échéance", "État", "Blah"]
    assert mapping_for(headers) == ["activity", "lead", "start", "end", "status", ""]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("under_way", "under_way"),
        ("Under way", "under_way"),
        ("under-way", "under_way"),
        ("En cours", "under_way"),
        ("in progress", "under_way"),
        ("TERMINÉE", "done"),
        ("terminee", "done"),
        ("bloqué", "stalled"),
        ("cancelled", "dropped"),
    ],
)
def test_statuses_match_codes_labels_and_synonyms_in_both_languages(written, code):  # type: ignore[no-untyped-def]
    assert match_choice(written, _statuses()).code == code


def test_a_french_plan_is_read_for_you_and_imports_once_confirmed(steward_client, parks):  # type: ignore[no-untyped-def]
    page = _upload(steward_client, FRENCH)
    form = page.context["form"]
    assert [form[f"column_{i}"].initial for i in range(5)] == [
        "activity",
        "lead",
        "start",
        "end",
        "status",
    ]
    response = _map(steward_client, ["activity", "lead", "start", "end", "status"])
    assert response.status_code == 302
    statuses = dict(Activity.objects.values_list("title", "status"))
    assert statuses == {"Mentorat": "under_way", "Basketball de soir": "planned"}


def test_unknown_columns_get_the_mapping_step_with_a_preview_then_import(steward_client, parks):  # type: ignore[no-untyped-def]
    before = table_counts()
    page = _upload(steward_client, UNKNOWN)
    assert page.status_code == 200 and table_counts() == before
    html = page.content.decode()
    assert "Which column is which?" in html
    assert "<q>Mentorat</q>" in html and "<q>in-progress</q>" in html
    assert 'value="activity"' in html and "Lead organisation (lead)" in html
    missing = _map(steward_client, ["activity", "", "start", "end", "status"])
    assert missing.status_code == 400
    assert "Choose the column that holds “Lead organisation”" in missing.content.decode()
    done = _map(steward_client, ["activity", "lead", "start", "end", "status"])
    assert done.status_code == 302
    assert dict(Activity.objects.values_list("title", "status")) == {
        "Mentorat": "under_way",
        "Basketball": "under_way",
        "Marches": "done",
        "Ateliers": "planned",
    }


def test_a_status_braid_cannot_read_suggests_the_nearest_in_the_files_column(steward_client, parks):  # type: ignore[no-untyped-def]
    text = UNKNOWN.replace("in-progress", "stalld")
    _upload(steward_client, text)
    response = _map(steward_client, ["activity", "lead", "start", "end", "status"])
    assert response.status_code == 400
    problems = [(p.row, p.field) for p in response.context["result"].problems]
    assert problems == [(2, "Où en est-on")]
    assert "Did you mean “Stalled”?" in response.content.decode()
    assert not Activity.objects.exists()


def test_the_template_downloads_in_braids_columns_and_imports_back(steward_client, parks):  # type: ignore[no-untyped-def]
    OrganisationFactory(collaborative=parks.collaborative, name="Youth Wraparound Network")
    OrganisationFactory(collaborative=parks.collaborative, name="Pathways Employment Services")
    url = reverse("agenda:plan_import_template", args=["riverside"])
    text = steward_client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "id,activity,lead,supporters,objectives,body,start,end,status,reason,description,"
        "activity_fr,objectives_fr"
    )
    text = text.replace("Keep at-risk students in school", "").replace(
        "City Parks and Recreation", "City Parks"
    )
    response = _upload(steward_client, text)
    assert response.status_code == 302, response.context["result"].problems
    assert Activity.objects.get().title == "Mentoring for young people leaving care"


def test_cli_map_names_the_columns_braid_cannot_guess(tmp_path, collaborative, steward, parks):  # type: ignore[no-untyped-def]
    path = tmp_path / "plan.csv"
    path.write_text(UNKNOWN, encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import", "plan", str(path), collaborative="riverside")
    with pytest.raises(CommandError, match="no column “Pourquoi”"):
        call_command(
            "import", "plan", str(path), collaborative="riverside", map=["Pourquoi=reason"]
        )
    call_command(
        "import",
        "plan",
        str(path),
        collaborative="riverside",
        map=["quoi=activity", "Qui=lead", "De=start", "À=end", "Où en est-on=status"],
    )
    assert Activity.objects.count() == 4
