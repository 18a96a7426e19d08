"""Instrument files: Braid's built-ins have the published structures; a loaded file is checked
whole and every problem is reported at once (page-less: the CLI and the service)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from braid.collaboratives.models import AuditEvent
from braid.core.errors import ServiceError
from braid.surveys import selectors, services
from braid.surveys.definitions import BUILTIN_DIR, builtin, round_half_up
from braid.surveys.parsing import parse
from braid.surveys.tests.helpers import steward_access


def test_builtins_have_the_structures_instruments_md_gives() -> None:
    found = builtin()
    assert set(found) == {
        "braid-factors@1",
        "braid-readiness@1",
        "braid-barriers@1",
        "braid-conditions@1",
        "braid-self-evaluation@1",
        "braid-network@1",
    }
    factors = found["braid-factors@1"]
    assert len(factors.factors) == 20 and len(factors.categories) == 6
    per_factor = {
        f.key: sum(1 for i in factors.items if i.factor == f.key) for f in factors.factors
    }
    assert min(per_factor.values()) >= 2
    assert (factors.scale.min, factors.scale.max) == (1, 5)
    barriers = found["braid-barriers@1"]
    assert [f.key for f in barriers.factors] == ["leadership", "structure", "process", "dynamics"]
    assert len(barriers.items) == 14  # one statement per consideration of seed 000
    conditions = found["braid-conditions@1"]
    assert len(conditions.items) == 11 and (conditions.scale.min, conditions.scale.max) == (1, 4)
    assert conditions.bands == ()  # no official thresholds: none shown
    network = found["braid-network@1"]
    assert not network.anonymous and network.scale.points == [0, 1, 2, 3, 4]
    assert [d.key for d in network.dimensions] == [
        "power",
        "involvement",
        "resources",
        "reliability",
        "mission",
        "openness",
    ]
    assert found["braid-self-evaluation@1"].flag_share == 0.25
    for inst in found.values():  # every word in both languages
        for item in inst.items:
            assert item.text.en and item.text.fr


def test_bands_round_to_one_decimal_first() -> None:
    factors = builtin()["braid-factors@1"]
    assert factors.band(3.95).key == "strength"  # 4.0 after rounding
    assert factors.band(3.94).key == "borderline"
    assert factors.band(2.95).key == "borderline"  # 3.0
    assert factors.band(2.94).key == "concern"
    assert factors.band(None) is None
    assert round_half_up(2.25, 1) == 2.3


def _broken() -> dict:
    data = json.loads((BUILTIN_DIR / "braid-barriers@1.json").read_text())
    data["version"] = 0
    data["scale"]["labels"].pop("3")
    data["sections"][0]["items"][0]["factor"] = "nowhere"
    data["sections"][1]["items"][1]["key"] = data["sections"][1]["items"][0]["key"]
    data["sections"][2]["items"][0]["text"].pop("fr")
    return data


def test_a_broken_file_reports_every_problem_at_once() -> None:
    inst, problems = parse(json.dumps(_broken()))
    assert inst is None
    fields = {p.field for p in problems}
    assert {
        "version",
        "scale.labels.3",
        "sections[0].items[0].factor",
        "sections[1].items[1].key",
        "sections[2].items[0].text.fr",
    } <= fields
    assert parse("{not json")[1][0].message.startswith("Not a JSON file")


def test_network_file_must_ask_the_six_items_as_given() -> None:
    data = json.loads((BUILTIN_DIR / "braid-network@1.json").read_text())
    data["dimensions"] = data["dimensions"][:5]
    _inst, problems = parse(json.dumps(data))
    assert any("six items" in p.message for p in problems)


def test_load_through_the_cli_then_refuse_the_same_version(
    collaborative, steward, tmp_path: Path
) -> None:
    data = json.loads((BUILTIN_DIR / "braid-barriers@1.json").read_text())
    data["id"] = "licensed-inventory"
    good = tmp_path / "inv.json"
    good.write_text(json.dumps(data))
    call_command("instruments", "load", str(good), collaborative=collaborative.slug)
    assert "licensed-inventory@1" in selectors.instruments(collaborative)
    line = AuditEvent.objects.get(action="instrument.loaded")
    assert line.via.startswith("braid instruments load") and line.actor is None
    with pytest.raises(CommandError, match="already loaded"):
        call_command("instruments", "load", str(good), collaborative=collaborative.slug)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_broken()))
    with pytest.raises(CommandError) as exc:
        call_command("instruments", "check", str(bad), collaborative=collaborative.slug)
    assert "scale.labels.3" in str(exc.value) and "sections[0].items[0].factor" in str(exc.value)


def test_a_partner_cannot_load_an_instrument(collaborative, partner) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.instrument_load(access=steward_access(collaborative, partner), text="{}")


def test_service_refuses_a_broken_file_with_each_problem(collaborative, steward) -> None:
    with pytest.raises(ServiceError) as exc:
        services.instrument_load(
            access=steward_access(collaborative, steward), text=json.dumps(_broken())
        )
    assert "nothing was loaded" in exc.value.message and len(exc.value.problems) >= 5
