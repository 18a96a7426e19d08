"""A partner uploads its own spreadsheet of figures: French and bilingual headers Braid does not
all know, indicators by name, periods written the way people write them ("janv. 2026",
"T1 2026"). The upload page asks which column is which, with Braid's reading preselected and
the first rows shown; the partner names the one column Braid could not read, and the figures
land."""

from __future__ import annotations

from braid.collaboratives.models import Collaborative
from braid.collaboratives.testing import make_persona
from braid.collaboratives.tests.factories import OrganisationFactory
from braid.measures.models import Value
from braid.measures.tests.factories import indicator, period
from braid.tests_e2e.conftest import login

FILE = (
    "Mesure / Measure;Partenaire;Période;Nombre de jeunes\n"
    "Youth served;Eastside Health Centre;janv. 2026;12\n"
    "Youth served;Eastside Health Centre;Février 2026;15\n"
)


def test_a_french_file_with_indicator_names_lands_after_the_mapping_step(
    pages, transactional_db, tmp_path
):  # type: ignore[no-untyped-def]
    c = Collaborative.objects.create(name="Riverside Youth Partnership", slug="riverside")
    org = OrganisationFactory(collaborative=c, name="Eastside Health Centre")
    served = indicator(c, "youth-served", [org], name="Youth served", min_value=0)
    jan, feb = period(c, "2026-01", 1), period(c, "2026-02", 2)
    user = make_persona(c, "partner", organisation=org, email="marc@example.org")
    user.set_password("pass-2026-long")
    user.save()
    upload = tmp_path / "chiffres.csv"
    upload.write_text(FILE, encoding="utf-8")

    partner = pages.new_page()
    login(partner, "marc@example.org", "pass-2026-long")
    partner.goto("/c/riverside/measures/report/")
    partner.locator("#id_file").set_input_files(str(upload))
    partner.get_by_role("button", name="Check and import").click()
    partner.wait_for_selector("text=Which column is which?")
    # Braid's reading is preselected; the column it could not read is left out until chosen.
    assert partner.get_by_label("Column “Mesure / Measure”").input_value() == "indicator"
    assert partner.get_by_label("Column “Période”").input_value() == "period"
    assert partner.get_by_label("Column “Nombre de jeunes”").input_value() == ""
    assert partner.get_by_text("janv. 2026").first.is_visible()  # the preview
    partner.get_by_label("Column “Nombre de jeunes”").select_option("value")
    pages.check(partner, "01-mapping")
    partner.get_by_role("button", name="Check and import").click()
    partner.wait_for_selector("text=2 rows imported")
    pages.check(partner, "02-imported")
    figures = dict(
        Value.objects.filter(indicator=served, organisation=org).values_list("period_id", "value")
    )
    assert figures == {jan.pk: 12, feb.pk: 15}
