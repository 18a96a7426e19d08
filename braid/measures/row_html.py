"""A scorecard row as the page shows it, written in Python: 200 rows a page, each told again
only when its own data changes (braid.measures.told), but all 200 at once for a new reader or
a new threshold, where a template per row cost more than the rest of the row together.

The markup is the scorecard table's (templates/measures/_score_tables.html holds the head);
every value is escaped here, the words are the catalogue's (the same messages the template
used, so their translations stay)."""

from __future__ import annotations

from html import escape
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from braid.measures.present import Line


def _e(value: Any) -> str:
    """Escaped as a template prints it: safe text (a bilingual name, the sparkline) as it is."""
    html = getattr(value, "__html__", None)
    return str(html()) if html is not None else escape(str(value))


def row_html(line: Line, progress_label: str) -> SafeString:
    """One `<tr>`: the measure and its verdict, the sparkline, the latest figure (with a newer
    provisional one and a missing period), baseline, target, progress, curve and trend."""
    cells = [
        f'<tr data-indicator="{_e(line.code)}">\n'
        f'<th scope="row"><a href="{_e(line.url)}">{_e(line.name)}</a><br>'
        f'<span class="muted small">{_e(line.kind)}</span>'
        f'<p class="verdict small" data-verdict>{_e(line.verdict)}</p></th>\n',
        f"<td>{_e(line.spark_svg) if line.spark_svg else '—'}</td>\n",
        _latest(line),
        f'<td class="num">{_e(line.baseline)}</td>\n<td class="num">{_e(line.target)}</td>\n',
        _progress(line, progress_label),
        f'<td class="story"><span class="status status-{_e(line.status)}" '
        f'data-status="{_e(line.status)}"><span aria-hidden="true">{_e(line.status_icon)}'
        f"</span> {_e(line.status_words)}</span><br>"
        f'<span class="trend" data-trend="{_e(line.trend)}"><span aria-hidden="true">'
        f"{_e(line.arrow)}</span> {_e(line.trend_words)}</span></td>\n</tr>",
    ]
    return SafeString("".join(cells))


def _latest(line: Line) -> str:
    out = (
        f'<td class="latest"><span class="figure" data-latest>{_e(line.latest)}</span> '
        f'<span class="muted period">{_e(line.period)}</span>'
    )
    if line.provisional:
        said = _("%(p)s: %(v)s, provisional") % {
            "p": _e(line.provisional_period),
            "v": _e(line.provisional),
        }
        out += f'<br><span class="provisional">◐ {said} ({_e(line.coverage)})</span>'
    if line.stale_due:
        said = _("No complete figure for %(p)s yet") % {"p": _e(line.stale_due)}
        out += f'<br><span class="stale">⚠ {said}</span>'
    return out + "</td>\n"


def _progress(line: Line, label: str) -> str:
    if line.progress is None:
        return "<td>—</td>\n"
    p = _e(line.progress)
    return (
        f'<td><progress class="progress" max="100" value="{p}" aria-label="{_e(label)}">'
        f"{p} %</progress> {p} %</td>\n"
    )
