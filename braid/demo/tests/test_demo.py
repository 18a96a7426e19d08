"""`braid demo` loads a realistic collaborative once, and refuses a database with real ones."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from braid.collaboratives.models import Collaborative, Membership
from braid.core.testing import table_counts
from braid.partners.models import Organisation


def test_demo_loads_once_and_running_it_twice_changes_nothing(db, capsys):  # type: ignore[no-untyped-def]
    call_command("demo")
    out = capsys.readouterr().out
    assert "steward@demo.braid" in out and "demo-steward" in out
    demo = Collaborative.objects.get(slug="demo")
    assert demo.is_demo
    assert Organisation.objects.filter(collaborative=demo).count() >= 8
    roles = set(Membership.objects.filter(collaborative=demo).values_list("role", flat=True))
    assert roles == {"steward", "partner", "viewer"}
    first = table_counts()
    call_command("demo")
    assert table_counts() == first


def test_demo_steward_can_log_in(client, db):  # type: ignore[no-untyped-def]
    call_command("demo")
    assert client.login(username="steward@demo.braid", password="demo-steward")
    assert client.get("/c/demo/").status_code == 200


def test_demo_refuses_a_database_with_real_collaboratives_unless_forced(db, collaborative):  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="--force"):
        call_command("demo")
    assert not Collaborative.objects.filter(slug="demo").exists()
    call_command("demo", force=True)
    assert Collaborative.objects.filter(slug="demo").exists()


def test_demo_partner_finds_its_returned_report_and_the_headline_measure_has_a_history(client, db):  # type: ignore[no-untyped-def]
    from braid.measures.models import Indicator, IndicatorChange

    call_command("demo")
    assert client.login(username="partner@demo.braid", password="demo-partner")
    home = client.get("/c/demo/").content.decode()
    assert "Eastside Community Health Centre" in home and "returned" in home
    charged = Indicator.objects.get(collaborative__slug="demo", code="youth-charged-violent")
    assert sorted(
        IndicatorChange.objects.filter(indicator=charged).values_list("field", flat=True)
    ) == ["definition", "definition_fr", "unit"]  # the definition rewritten in both languages
    page = client.get(f"/c/demo/measures/indicators/{charged.pk}/").content.decode()
    assert "aged 12 to 24" in page
