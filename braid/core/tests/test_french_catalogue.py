"""The French catalogue is complete: no entry untranslated or fuzzy, and every literal string the
templates and the code mark for translation has its French entry (else it shows in English)."""

from __future__ import annotations

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[3]
PO = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
TEMPLATE_STRING = re.compile(r"""\{%\s*(?:translate|trans)\s+(?:"([^"]+)"|'([^']+)')""")
CODE_STRING = re.compile(
    r"""(?<![\w.])(?:_|gettext|gettext_lazy)\(\s*(?:"([^"\\]+)"|'([^'\\]+)')\s*[,)]"""
)
# pgettext("context", "msgid"): the second literal is the string to translate.
CONTEXT_STRING = re.compile(
    r"""(?<![\w.])(?:pgettext|pgettext_lazy)\(\s*"[^"\\]+"\s*,\s*(?:"([^"\\]+)"|'([^'\\]+)')\s*[,)]"""
)

DOCSTRING = re.compile(r'"""[\s\S]*?"""')


def _catalogue() -> polib.POFile:
    return polib.pofile(str(PO))


def _marked_strings() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in (ROOT / "templates").rglob("*.html"):
        for m in TEMPLATE_STRING.finditer(path.read_text(encoding="utf-8")):
            # The translate tag looks a literal up with "%" doubled, as makemessages writes it.
            text = (m.group(1) or m.group(2)).replace("%", "%%")
            found.setdefault(text, str(path.relative_to(ROOT)))
    for path in (ROOT / "braid").rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        source = DOCSTRING.sub("", path.read_text(encoding="utf-8"))  # examples, not strings
        for m in (*CODE_STRING.finditer(source), *CONTEXT_STRING.finditer(source)):
            found.setdefault(m.group(1) or m.group(2), str(path.relative_to(ROOT)))
    return found


def test_no_french_entry_is_untranslated_or_fuzzy() -> None:
    po = _catalogue()
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, (
        f"{len(untranslated)} French entries have no translation: {untranslated[:10]}"
    )
    assert not fuzzy, f"{len(fuzzy)} French entries are fuzzy (check and unmark them): {fuzzy[:10]}"


def test_every_marked_string_has_a_french_entry() -> None:
    known = {e.msgid for e in _catalogue() if not e.obsolete}
    missing = {s: where for s, where in _marked_strings().items() if s not in known}
    assert not missing, (
        f"{len(missing)} strings marked for translation are not in {PO.relative_to(ROOT)}: "
        + "; ".join(f"{s!r} ({where})" for s, where in list(missing.items())[:15])
    )
