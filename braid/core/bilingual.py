"""Content people write in both languages: one convention, one reader, one form pair.

A field `x` holds the English text and its sibling `x_fr` the French (`french("x")`). A reader
sees the text in their language; when that one is empty, the other language's text, marked as
such and tagged with its `lang` so a screen reader switches voice. Names (of people,
organisations) are not translated and stay single fields. ADR 0015.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

LANGUAGES = ("en", "fr")
NATIVE = {"en": "English", "fr": "Français"}  # each language in its own name, like the switch


def french(field: str) -> str:
    return f"{field}_fr"


def both(fields: Iterable[str]) -> tuple[str, ...]:
    """Every stored name of these bilingual fields: `("x", "x_fr", "y", "y_fr")`."""
    return tuple(name for f in fields for name in (f, french(f)))


def reader_language(lang: str | None = None) -> str:
    code = (lang or get_language() or "en")[:2]
    return code if code in LANGUAGES else "en"


def _get(source: object, name: str) -> str:
    value = source.get(name) if isinstance(source, Mapping) else getattr(source, name, "")
    return str(value or "").strip()


@dataclass(frozen=True)
class Shown:
    """The text a reader gets for one bilingual field: `lang` is the language it is written
    in, `fallback` whether that is not the reader's own (then it is marked)."""

    text: str
    lang: str
    fallback: bool

    def __bool__(self) -> bool:
        return bool(self.text)

    def __str__(self) -> SafeString:
        # Templates print `{{ shown }}` through str(): the marked HTML. Plain text is `.text`.
        return self.html()

    __html__ = __str__

    @property
    def block(self) -> SafeString:
        """With its line breaks kept, for paragraphs."""
        return self.html(lines=True)

    def html(self, *, lines: bool = False) -> SafeString:
        body: str = escape(self.text)
        if lines:
            body = body.replace("\r\n", "\n").replace("\n", "<br>")
        if not self.fallback:
            return mark_safe(body)  # noqa: S308 - escaped above
        mark = _("(in English)") if self.lang == "en" else _("(in French)")
        return mark_safe(  # noqa: S308 - every part escaped
            f'<span lang="{self.lang}" class="other-lang">{body}</span> '
            f'<span class="lang-mark">{escape(mark)}</span>'
        )


def pick(source: object, field: str, lang: str | None = None) -> Shown:
    """The reader's language's text of `field` on a model or a dict, else the other's."""
    own = reader_language(lang)
    texts = {"en": _get(source, field), "fr": _get(source, french(field))}
    if texts[own]:
        return Shown(texts[own], own, False)
    other = "fr" if own == "en" else "en"
    return Shown(texts[other], other, bool(texts[other]))


def sort_key(source: object, field: str, lang: str | None = None) -> str:
    """What a list of bilingual content sorts by: the text the reader sees (`pick`, so the
    other language's when theirs is empty), without case or accents, so "École" sorts with
    "ecole" and a French reader's list is in French order, not the English titles'."""
    decomposed = unicodedata.normalize("NFKD", pick(source, field, lang).text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


T = TypeVar("T")


def ordered(items: Iterable[T], field: str, lang: str | None = None) -> list[T]:
    """The items by `sort_key` of `field` (stable: equal texts keep their order)."""
    return sorted(items, key=lambda item: sort_key(item, field, lang))


def is_blank(source: object, field: str) -> bool:
    """Neither language has text."""
    return not (_get(source, field) or _get(source, french(field)))


def add_french(form: forms.BaseForm, fields: Iterable[str]) -> None:
    """Give each of these form fields a French twin right after it; the form template shows
    the two under the field's label, each labelled in its own language. A required pair is
    satisfied by either language (`check_pairs`)."""
    names = set(fields)
    rebuilt: dict[str, forms.Field] = {}
    for name, field in form.fields.items():
        rebuilt[name] = field
        if name not in names:
            continue
        twin = forms.CharField(  # content is text: every bilingual field is a CharField
            label=field.label,
            required=False,
            max_length=getattr(field, "max_length", None),
            widget=field.widget.__class__(attrs={**field.widget.attrs, "lang": "fr"}),
        )
        field.widget.attrs["lang"] = "en"
        field.bilingual, twin.bilingual = "en", "fr"  # type: ignore[attr-defined]
        field.pair_required = field.required  # type: ignore[attr-defined]
        field.required = False
        rebuilt[french(name)] = twin
    form.fields = rebuilt


def check_pairs(form: forms.BaseForm) -> None:
    """A required pair needs at least one of its two texts."""
    for name, field in form.fields.items():
        if getattr(field, "pair_required", False) and not (
            form.cleaned_data.get(name) or form.cleaned_data.get(french(name))
        ):
            form.add_error(name, _("Write it in English, in French or in both."))


class BilingualForm(forms.Form):
    """A form whose `bilingual` fields are written in both languages (`field` and `field_fr`)."""

    bilingual: tuple[str, ...] = ()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        add_french(self, self.bilingual)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        check_pairs(self)
        return data


def texts(source: object | None, fields: Iterable[str]) -> dict[str, str]:
    """The fields' texts for a frozen copy (a snapshot): English always, French only when
    written, so a copy made before French existed still compares equal."""
    out: dict[str, str] = {}
    for f in fields:
        out[f] = _get(source, f) if source is not None else ""
        fr = _get(source, french(f)) if source is not None else ""
        if fr:
            out[french(f)] = fr
    return out


def plain(value: Shown | str) -> str:
    """The text alone (for JSON, files, sentences), whether picked or already plain."""
    return value.text if isinstance(value, Shown) else str(value)
