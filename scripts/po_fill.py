"""Fill locale/fr/LC_MESSAGES/django.po from the translation memory in locale/fr/memory/*.json.

Each JSON file maps an English msgid to its French text (a list of two strings for plurals);
a msgid with a context (pgettext) is looked up as "context|msgid" first, so one English word
can have several French ones ("Open" the verb, "Open" a period's or an action's status).
Prints the msgids still untranslated, and exits 1 if any remain, so `make messages` shows them.
"""

from __future__ import annotations

import json
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
MEMORY = ROOT / "locale" / "fr" / "memory"


def main() -> int:
    memory: dict[str, object] = {}
    for part in sorted(MEMORY.glob("*.json")):
        memory.update(json.loads(part.read_text(encoding="utf-8")))
    catalogue = polib.pofile(str(PO))
    catalogue.metadata["Language"] = "fr"
    catalogue.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    missing = []
    for entry in catalogue:
        text = memory.get(f"{entry.msgctxt}|{entry.msgid}") if entry.msgctxt else None
        text = memory.get(entry.msgid) if text is None else text
        if entry.msgid_plural:
            if isinstance(text, list) and len(text) == 2:
                entry.msgstr_plural = {0: text[0], 1: text[1]}
            else:
                missing.append(entry.msgid)
        elif isinstance(text, str):
            entry.msgstr = text
        else:
            missing.append(entry.msgid)
        if "fuzzy" in entry.flags and entry.msgid not in missing:
            entry.flags.remove("fuzzy")
    catalogue.save()
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
