"""Hand-worked cases for the Diagnose computations and the spreadsheet reader."""

from __future__ import annotations

import io

import pytest

from braid.lib.levels import Level, PartnerEvidence, observed_level, pair_stats
from braid.lib.stakeholders import Rated, outreach_order, quadrant
from braid.lib.tabular import (
    TabularError,
    TabularReader,
    closest,
    neutralise,
    normalise_name,
    write_csv,
)


def test_partner_with_everything_but_a_signed_agreement_stops_at_coordination():
    evidence = PartnerEvidence(
        agreement="formalised",
        roles="formalised",
        communication="formal",
        decisions="all_shared",
        trust="high",
        resources="pooled",
    )
    assert observed_level(evidence) == (Level.COORDINATION, ["agreement"])


def test_full_collaboration_has_nothing_holding_it_back():
    evidence = PartnerEvidence("signed", "formalised", "formal", "all_shared", "high", "pooled")
    assert observed_level(evidence) == (Level.FULL_COLLABORATION, [])


def test_occasional_contact_with_loose_roles_is_networking():
    evidence = PartnerEvidence(communication="occasional", roles="loose")
    level, held = observed_level(evidence)
    assert level == Level.NETWORKING
    assert held == ["agreement", "roles", "communication", "decisions", "trust"]


def test_no_contact_is_level_none():
    assert observed_level(PartnerEvidence())[0] == Level.NONE


def test_unknown_attribute_value_is_refused():
    with pytest.raises(ValueError, match="agreement must be one of"):
        observed_level(PartnerEvidence(agreement="handshake"))


def test_pair_stats_hand_worked():
    ratings = {("a", "b"): 4, ("b", "a"): 1, ("a", "c"): 2, ("c", "a"): 2, ("b", "c"): 0}
    stats = pair_stats(ratings)
    assert stats.network_mean == pytest.approx(9 / 5)
    assert stats.received_mean == {"b": 4.0, "a": 1.5, "c": 1.0}
    assert stats.pair_level == {("a", "b"): 2.5, ("a", "c"): 2.0, ("b", "c"): 0}
    assert stats.discrepancies == {("a", "b"): 3}
    assert stats.level_share == {0: 0.2, 1: 0.2, 2: 0.4, 3: 0.0, 4: 0.2}


@pytest.mark.parametrize(
    ("influence", "proximity", "expected"),
    [
        (5, 5, "engage_first"),
        (4, 2, "build_proximity"),
        (2, 4, "keep_informed"),
        (3, 3, "monitor"),
    ],
)
def test_quadrants(influence, proximity, expected):
    assert quadrant(influence, proximity) == expected


def test_outreach_order_puts_high_influence_and_proximity_first_then_friendlier_stance():
    items = [
        Rated("far", 5, 1),
        Rated("close-sceptic", 4, 4, "sceptic"),
        Rated("close-champion", 4, 4, "champion"),
        Rated("low", 1, 1),
    ]
    assert [r.key for r in outreach_order(items)] == [
        "close-champion",
        "close-sceptic",
        "far",
        "low",
    ]


def test_rating_outside_one_to_five_names_the_field():
    with pytest.raises(ValueError, match="influence must be a whole number from 1 to 5"):
        Rated("x", 6, 3)


def test_reader_sniffs_semicolons_and_strips_the_bom():
    data = "\ufeffName;Sector\nCentre Nord;health\n;\nÉcole Sud;education\n".encode()
    reader = TabularReader(io.BytesIO(data), filename="orgs.csv")
    assert reader.headers == ["name", "sector"]
    assert list(reader) == [
        (2, {"name": "Centre Nord", "sector": "health"}),
        (4, {"name": "École Sud", "sector": "education"}),
    ]


def test_reader_reads_tabs_and_pads_short_rows():
    reader = TabularReader(io.BytesIO(b"a\tb\tc\n1\t2\n"), filename="x.txt")
    assert list(reader) == [(2, {"a": "1", "b": "2", "c": ""})]


def test_reader_refuses_latin1_with_a_fix():
    with pytest.raises(TabularError, match="UTF-8"):
        list(TabularReader(io.BytesIO("nom\ncafé\n".encode("latin-1")), filename="x.csv"))


def test_reader_refuses_unknown_formats_and_big_files():
    with pytest.raises(TabularError, match="CSV"):
        TabularReader(io.BytesIO(b"x"), filename="x.pdf")
    with pytest.raises(TabularError, match="limit"):
        TabularReader(io.BytesIO(b"a\n" * 100), filename="x.csv", max_bytes=10)


def test_reader_reads_xlsx():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Count"])
    sheet.append(["Alpha", 12.0])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    assert list(TabularReader(buffer, filename="x.xlsx")) == [(2, {"name": "Alpha", "count": "12"})]


def test_export_neutralises_formulas_but_not_numbers():
    assert neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert neutralise("-2+3") == "'-2+3"
    assert neutralise("@sum") == "'@sum"
    assert neutralise(-5) == -5
    out = io.StringIO()
    write_csv([["=cmd", 3]], ["name", "n"], out)
    assert out.getvalue().splitlines() == ["name,n", "'=cmd,3"]


def test_names_match_across_case_accents_and_spaces():
    assert normalise_name("  Centre de Santé   Nord ") == normalise_name("centre de sante nord")
    assert (
        closest("Centre de sante Nord", ["Centre de Santé Nord", "École Sud"])
        == "Centre de Santé Nord"
    )
    assert closest("Eastside Helth Centre", ["Eastside Health Centre"]) == "Eastside Health Centre"
    assert closest("Police", ["École Sud"]) is None
