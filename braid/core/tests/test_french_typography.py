"""French typography: a no-break space (U+00A0) before ":", ";", "?", "!" and "»" and after
"«" in every French translation, so the sign never starts a line (braid.lib.typography)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from braid.lib.typography import NBSP, fix_french, french_problems

PO = Path(__file__).resolve().parents[3] / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def _translations() -> list[tuple[str, str]]:
    out = []
    for entry in polib.pofile(str(PO)):
        if entry.obsolete:
            continue
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        out += [(entry.msgid, t) for t in texts if t]
    return out


def test_every_french_translation_has_a_no_break_space_before_high_punctuation():
    wrong = [(msgid, french_problems(text)) for msgid, text in _translations()]
    wrong = [(msgid, where) for msgid, where in wrong if where]
    assert not wrong, f"{len(wrong)} French entries need U+00A0 (fix locale/fr/memory/*.json): " + (
        "; ".join(f"{msgid[:50]!r} at {where[0]!r}" for msgid, where in wrong[:10])
    )


def test_the_catalogue_uses_one_kind_of_no_break_space():
    narrow = [msgid for msgid, text in _translations() if "\u202f" in text]
    assert not narrow, f"U+202F in {narrow[:5]}: Braid uses U+00A0 throughout"


@pytest.mark.parametrize(
    ("written", "right"),
    [
        ("Offert: 20 $", f"Offert{NBSP}: 20 $"),
        ("Colonnes :", f"Colonnes{NBSP}:"),
        ("a ; b", f"a{NBSP}; b"),
        ("Prêt ?", f"Prêt{NBSP}?"),
        ("Enfin!", f"Enfin{NBSP}!"),
        ("« oui »", f"«{NBSP}oui{NBSP}»"),
        ("«oui»", f"«{NBSP}oui{NBSP}»"),
        ("a\u202f; b", f"a{NBSP}; b"),
        ("%(name)s : %(n)s", f"%(name)s{NBSP}: %(n)s"),
    ],
)
def test_the_rule_spaces_prose_punctuation(written, right):  # type: ignore[no-untyped-def]
    assert fix_french(written) == right
    assert french_problems(written) and not french_problems(right)


@pytest.mark.parametrize(
    "code",
    [
        "commençant par https://, p. ex. https://meet.example",
        "p. ex. 11:00.",
        'écrit ainsi : {"age": ["12-15"]}'.replace(" :", f"{NBSP}:"),
        f"«{NBSP}Authorization: Bearer …{NBSP}»",
        "2026-03-31T14:30:00+00:00",
    ],
)
def test_addresses_times_and_code_are_left_alone(code):  # type: ignore[no-untyped-def]
    assert fix_french(code) == code
