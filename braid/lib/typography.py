"""French punctuation spacing, one rule for the whole catalogue.

French puts a no-break space (U+00A0, the one Braid uses everywhere, also in `{% colon %}`)
before ":", ";", "?", "!" and "»" and after "«", so the sign never starts a line. A colon
glued to a word is code or an address ("https://", "11:00", `{"age": …}`) and is left alone.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
_SPACE_BEFORE = re.compile(r"[ \u202f\u2009]+([:;?!»])")
_SPACE_AFTER = re.compile(r"«[ \u202f\u2009]+")
_GLUED_BEFORE = re.compile(r"(?<=[^\s\u00a0])([;?!»])")
_GLUED_AFTER = re.compile(r"«(?=[^\s\u00a0])")
_PROSE_COLON = re.compile(r"(?<=[^\s\u00a0/:\d\"'{\[])(:)(?= )")
CODE = ("Authorization: ",)  # written as the reader types it


def fix_french(text: str) -> str:
    """The text with Braid's French spacing around punctuation."""
    text = _SPACE_BEFORE.sub(NBSP + r"\1", text)
    text = _SPACE_AFTER.sub("«" + NBSP, text)
    text = _GLUED_BEFORE.sub(NBSP + r"\1", text)
    text = _GLUED_AFTER.sub("«" + NBSP, text)
    if not any(code in text for code in CODE):
        text = _PROSE_COLON.sub(NBSP + r"\1", text)
    return text


def french_problems(text: str) -> list[str]:
    """What in `text` breaks the rule, each as the few characters around it."""
    fixed = fix_french(text)
    if fixed == text:
        return []
    out = []
    for i, (a, b) in enumerate(zip(text, fixed, strict=False)):
        if a != b:
            out.append(text[max(0, i - 12) : i + 4])
            break
    return out or [text[-16:]]
