"""Month abbreviations in Canadian French ("6 nov. 2026", "15 janv. 2026").

Django's own French catalogue writes "jan." and "fév." (France's AP style); these entries put
the fr-CA forms in Braid's catalogue, which Django reads first. Nothing imports this module:
it exists so `makemessages` keeps the entries.
"""

from django.utils.translation import pgettext_lazy

MONTHS_AP = [
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
]
