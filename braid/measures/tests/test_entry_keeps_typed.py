"""The figures form never loses what was typed: a figure that is not a number comes back as typed,
with the other figures of the form, the problem beside it and in the summary; nothing is saved."""

from __future__ import annotations

from django.urls import reverse

from braid.core.testing import table_counts
from braid.measures.tests.test_value_rules import rows  # noqa: F401  (fixture)


def test_a_figure_that_is_not_a_number_comes_back_as_typed(rows, partner_client):  # type: ignore[no-untyped-def]  # noqa: F811
    period = rows["periods"][0]
    url = reverse("measures:entry", args=[rows["served"].collaborative.slug, period.pk])
    before = table_counts()
    response = partner_client.post(
        url,
        {
            "version": 0,
            "action": "save",
            f"value-{rows['served'].pk}": "twelve",
            f"value-{rows['ratio'].pk}": "4.5",
            f"num-{rows['pct'].pk}": "3",
            f"den-{rows['pct'].pk}": "7",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="twelve"' in html and 'value="4.5"' in html
    assert 'value="3"' in html and 'value="7"' in html
    assert f'href="#value-{rows["served"].pk}"' in html  # the summary links to the field
    assert f'id="err-{rows["served"].pk}"' in html  # and the problem sits beside it
    assert table_counts() == before
