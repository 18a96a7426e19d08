"""Writes of the public page's choices: which sections and indicators it shows, its
introduction, and whether it is on at all."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from braid.collaboratives.access import Access
from braid.collaboratives.audit import record
from braid.core.errors import FieldProblem, ServiceError, raise_problems, refuse_stale
from braid.core.forms import version_of
from braid.measures.models import Indicator
from braid.reports.models import NARRATIVE_MAX, PublicPage
from braid.reports.public import PUBLIC_SECTIONS

PUBLIC_FIELDS = ("enabled", "sections", "indicator_ids", "intro", "intro_fr")


def public_page_version(page: PublicPage | None) -> str:
    """The version of the public page's choices an editor loads ("new" before the first save)."""
    return version_of(page) if page else "new"


@transaction.atomic
def public_page_save(*, access: Access, version: str | None = None, **changes: Any) -> PublicPage:
    """What the public page shows (PUBLIC_FIELDS given): nothing until it is turned on; then
    only the sections and indicators chosen, read as the public may see them. `version`
    (public_page_version, as the editor loaded it) refuses a save over a newer one."""
    access.require_manage()
    unknown = sorted(set(changes) - set(PUBLIC_FIELDS))
    if unknown:
        raise ServiceError(_("Unknown fields: %s.") % ", ".join(unknown))
    page = PublicPage.objects.select_for_update().filter(collaborative=access.collaborative).first()
    page = page or PublicPage(collaborative=access.collaborative)
    refuse_stale(
        version,
        public_page_version(page if page.pk else None),
        _(
            "Someone else saved the public page's choices while you were changing them. "
            "Nothing of yours was saved: check their choices, then save yours again."
        ),
        {f: getattr(page, f) for f in PUBLIC_FIELDS},
    )
    wanted = {**{f: getattr(page, f) for f in PUBLIC_FIELDS}, **changes}
    _check_public(access, wanted)
    page.enabled = bool(wanted["enabled"])
    page.sections = [k for k in PUBLIC_SECTIONS if k in wanted["sections"]]
    page.indicator_ids = sorted(set(wanted["indicator_ids"]))
    page.intro, page.intro_fr = wanted["intro"] or "", wanted["intro_fr"] or ""
    page.updated_at = timezone.now()
    page.save()
    record(access, "public_page.saved", state="on" if page.enabled else "off")
    return page


def _check_public(access: Access, wanted: dict[str, Any]) -> None:
    problems: list[FieldProblem] = []
    unknown = [k for k in wanted["sections"] if k not in PUBLIC_SECTIONS]
    if unknown:
        problems.append(
            FieldProblem(
                "sections",
                _("No such public section: %(keys)s. Choose among: %(known)s.")
                % {"keys": ", ".join(unknown), "known": ", ".join(PUBLIC_SECTIONS)},
            )
        )
    _found, missing = access.owned(
        Indicator,
        sorted(set(wanted["indicator_ids"])),
        field="indicator_ids",
        message=_("No such indicator in this collaborative: %(ids)s."),
    )
    problems += missing
    for name in ("intro", "intro_fr"):
        if len(wanted[name] or "") > NARRATIVE_MAX:
            problems.append(
                FieldProblem(
                    name,
                    _("Keep the introduction under %(n)s characters.")
                    % {"n": f"{NARRATIVE_MAX:,}"},
                )
            )
    raise_problems(problems)
