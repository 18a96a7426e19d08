"""Content written in both languages: the reader's text, else the other one, marked."""

from __future__ import annotations

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from braid.core import bilingual


@pytest.mark.parametrize(
    ("source", "lang", "text", "shown_lang", "fallback"),
    [
        ({"vision": "Safe", "vision_fr": "En sécurité"}, "en", "Safe", "en", False),
        ({"vision": "Safe", "vision_fr": "En sécurité"}, "fr", "En sécurité", "fr", False),
        ({"vision": "Safe", "vision_fr": ""}, "fr", "Safe", "en", True),
        ({"vision": "  ", "vision_fr": "En sécurité"}, "en", "En sécurité", "fr", True),
        ({"vision": "", "vision_fr": ""}, "fr", "", "en", False),
        ({"vision": "Safe"}, "fr", "Safe", "en", True),  # a snapshot made before French existed
    ],
)
def test_pick_gives_the_readers_language_else_the_other(source, lang, text, shown_lang, fallback):  # type: ignore[no-untyped-def]
    shown = bilingual.pick(source, "vision", lang)
    assert (shown.text, shown.lang, shown.fallback) == (text, shown_lang, fallback)
    assert bool(shown) is bool(text)


def test_a_fallback_is_marked_in_the_readers_language_with_its_lang_attribute():
    with translation.override("fr"):
        html = bilingual.pick({"vision": "Safe <b>&"}, "vision").html()
    assert html == (
        '<span lang="en" class="other-lang">Safe &lt;b&gt;&amp;</span> '
        '<span class="lang-mark">(en anglais)</span>'
    )
    with translation.override("en"):
        html = bilingual.pick({"vision_fr": "Sûr"}, "vision").html()
    assert html.endswith('<span class="lang-mark">(in French)</span>')
    assert '<span lang="fr" class="other-lang">Sûr</span>' in html


def test_own_language_text_is_escaped_unmarked_and_keeps_line_breaks_in_blocks():
    shown = bilingual.pick({"vision": "One\nTwo <i>"}, "vision", "en")
    assert shown.html() == "One\nTwo &lt;i&gt;"
    assert shown.block == "One<br>Two &lt;i&gt;"


def test_texts_keep_french_only_when_written_so_old_snapshots_compare_equal():
    class Row:
        purpose, purpose_fr, notes, notes_fr = "P", "", "N", "N fr"

    assert bilingual.texts(Row(), ["purpose", "notes"]) == {
        "purpose": "P",
        "notes": "N",
        "notes_fr": "N fr",
    }
    assert bilingual.texts(None, ["purpose"]) == {"purpose": ""}
    assert bilingual.is_blank({"x": " ", "x_fr": ""}, "x")
    assert not bilingual.is_blank({"x": "", "x_fr": "y"}, "x")


class Sample(bilingual.BilingualForm):
    bilingual = ("vision",)
    title = forms.CharField(label="Title")
    vision = forms.CharField(label="Vision", widget=forms.Textarea, help_text="Where we go.")
    note = forms.CharField(label="Note", required=False)


def test_a_bilingual_field_gets_its_french_twin_right_after_it():
    form = Sample()
    assert list(form.fields) == ["title", "vision", "vision_fr", "note"]
    assert form.fields["vision"].widget.attrs["lang"] == "en"
    assert form.fields["vision_fr"].widget.attrs["lang"] == "fr"
    assert isinstance(form.fields["vision_fr"].widget, forms.Textarea)


@pytest.mark.parametrize(
    ("data", "valid"),
    [
        ({"title": "T", "vision": "", "vision_fr": ""}, False),
        ({"title": "T", "vision": "Safe", "vision_fr": ""}, True),
        ({"title": "T", "vision": "", "vision_fr": "Sûr"}, True),
    ],
)
def test_a_required_pair_takes_either_language(data, valid):  # type: ignore[no-untyped-def]
    form = Sample(data)
    assert form.is_valid() is valid
    if not valid:
        assert form.errors == {"vision": ["Write it in English, in French or in both."]}


def test_the_form_shows_the_pair_under_one_label_each_box_in_its_language():
    html = render_to_string("includes/form.html", {"form": Sample()})
    assert html.count("<fieldset") == 1 and "<legend>Vision" in html
    assert '<label for="id_vision" lang="en">English</label>' in html
    assert '<label for="id_vision_fr" lang="fr">Français</label>' in html
    assert html.count('id="id_vision_helptext"') == 1
    assert '<label for="id_note">Note</label>' in html


TITLES = [
    {"title": "Workshops for parents", "title_fr": "Ateliers pour les parents"},
    {"title": "Bursaries for youth", "title_fr": "Bourses pour les jeunes"},
    {"title": "Arts nights", "title_fr": ""},  # no French: a French reader sorts it by this
]


def test_a_list_sorts_by_the_text_the_reader_sees():  # type: ignore[no-untyped-def]
    def order(lang):  # type: ignore[no-untyped-def]
        return [
            bilingual.pick(t, "title", lang).text for t in bilingual.ordered(TITLES, "title", lang)
        ]

    assert order("fr") == ["Arts nights", "Ateliers pour les parents", "Bourses pour les jeunes"]
    assert order("en") == ["Arts nights", "Bursaries for youth", "Workshops for parents"]
    with translation.override("fr"):  # the active language when none is given
        assert bilingual.ordered(TITLES, "title")[1] is TITLES[0]


def test_the_sort_ignores_case_and_accents():  # type: ignore[no-untyped-def]
    names = [{"name": n} for n in ("fermes", "Écoles", "dons", "Ecoles", "élan")]
    assert [n["name"] for n in bilingual.ordered(names, "name", "en")] == [
        "dons",
        "Écoles",
        "Ecoles",
        "élan",
        "fermes",
    ]
    assert bilingual.sort_key({"name": "Œuvre ÉTÉ"}, "name") == bilingual.sort_key(
        {"name": "œuvre ete"}, "name"
    )
