"""Every write of the networks module: lessons and wins, target levels. Each service checks
the right, refuses bad input with every problem at once (nothing half-saved) and writes one
audit line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.agenda.models import Activity
from braid.collaboratives import removal
from braid.collaboratives.access import Access
from braid.collaboratives.audit import record, vocabulary
from braid.core.errors import ConflictError, FieldProblem, raise_problems
from braid.measures.models import Indicator
from braid.networks.models import EntryKind, HealthSharing, LogEntry, TargetLevel, Visibility
from braid.partners.models import Organisation

vocabulary(
    {
        "lesson.added": gettext_lazy("Lesson learned “%(title)s” added"),
        "win.added": gettext_lazy("Win “%(title)s” added"),
        "lesson.changed": gettext_lazy("Lesson learned “%(title)s” changed"),
        "win.changed": gettext_lazy("Win “%(title)s” changed"),
        "lesson.removed": gettext_lazy("Lesson learned “%(title)s” removed"),
        "win.removed": gettext_lazy("Win “%(title)s” removed"),
        "lesson.restored": gettext_lazy("Lesson learned “%(title)s” restored"),
        "win.restored": gettext_lazy("Win “%(title)s” restored"),
        "target_level.set": gettext_lazy("Target level of %(who)s set to %(level)s"),
        "target_level.removed": gettext_lazy("Target level of %(who)s removed"),
        "health.shared": gettext_lazy("Every partner's collaboration health shared with members"),
        "health.unshared": gettext_lazy(
            "Partners' collaboration health kept for the stewards and each partner"
        ),
    }
)

TITLE_MAX = LogEntry._meta.get_field("title").max_length or 200
SOURCE_LABEL_MAX = LogEntry._meta.get_field("source_label").max_length or 300
SOURCE_URL_MAX = LogEntry._meta.get_field("source_url").max_length or 500


def _entry_problems(
    *,
    kind: str,
    titles: dict[str, str],
    happened_on: dt.date | None,
    visibility: str,
    access: Access,
) -> list[FieldProblem]:
    """`titles`: the title in each language ({"title": …, "title_fr": …}); one is enough."""
    problems = []
    if kind not in EntryKind.values:
        problems.append(FieldProblem("kind", _("Choose a lesson learned or a win.")))
    if not any(t.strip() for t in titles.values()):
        problems.append(
            FieldProblem("title", _("Give it a short title, in English, in French or in both."))
        )
    for field, text in titles.items():
        if len(text.strip()) > TITLE_MAX:
            problems.append(
                FieldProblem(
                    field, _("Keep the title under %(n)s characters.") % {"n": TITLE_MAX + 1}
                )
            )
    if happened_on is None:
        problems.append(FieldProblem("happened_on", _("Say when it happened.")))
    elif happened_on > timezone.localdate() + dt.timedelta(days=1):
        problems.append(
            FieldProblem("happened_on", _("It has not happened yet: give a date up to today."))
        )
    if visibility not in Visibility.values:
        problems.append(FieldProblem("visibility", _("Choose members or public.")))
    elif visibility == Visibility.PUBLIC and not access.can_manage():
        problems.append(
            FieldProblem(
                "visibility",
                _("Only the stewards put an entry on the public page; keep it for members."),
            )
        )
    return problems


def _source_problems(label: str, url: str) -> list[FieldProblem]:
    """A source is a label and a path inside Braid (never another site), both or neither."""
    label, url = label.strip(), url.strip()
    if not label and not url:
        return []
    if not label or not url:
        return [FieldProblem("source_url", _("Give the source both its name and its link."))]
    problems = []
    if len(label) > SOURCE_LABEL_MAX:
        problems.append(FieldProblem("source_label", _("The source's name is too long.")))
    if (
        len(url) > SOURCE_URL_MAX
        or not url.startswith("/")
        or url.startswith("//")
        or any(c.isspace() or c == "\\" for c in url)
    ):
        problems.append(FieldProblem("source_url", _("The source's link must be a page of Braid.")))
    return problems


def _links(
    access: Access, activity_ids: Iterable[int], indicator_ids: Iterable[int]
) -> tuple[list[Activity], list[Indicator], list[FieldProblem]]:
    activities, p1 = access.owned(
        Activity, activity_ids, field="activity_ids", message=_("No such activity: %(ids)s.")
    )
    indicators, p2 = access.owned(
        Indicator, indicator_ids, field="indicator_ids", message=_("No such indicator: %(ids)s.")
    )
    return activities, indicators, p1 + p2


@transaction.atomic
def entry_add(
    *,
    access: Access,
    kind: str,
    title: str = "",
    happened_on: dt.date | None,
    what_happened: str = "",
    learned: str = "",
    do_differently: str = "",
    title_fr: str = "",
    what_happened_fr: str = "",
    learned_fr: str = "",
    do_differently_fr: str = "",
    visibility: str = Visibility.MEMBERS,
    activity_ids: Iterable[int] = (),
    indicator_ids: Iterable[int] = (),
    source_label: str = "",
    source_url: str = "",
) -> LogEntry:
    """A lesson or a win. Stewards and partners write them (a partner's is its
    organisation's); only stewards make one public. `source_label`/`source_url` say what it
    was recorded from (`lesson_sources`: a pair that disagrees, a health signal), a path
    inside Braid. Its texts may be written in English, in French or in both (`x_fr`)."""
    access.require_contribute("Only the collaborative's stewards may do this.")
    problems = _entry_problems(
        kind=kind,
        titles={"title": title, "title_fr": title_fr},
        happened_on=happened_on,
        visibility=visibility,
        access=access,
    )
    problems += _source_problems(source_label, source_url)
    activities, indicators, more = _links(access, activity_ids, indicator_ids)
    raise_problems(problems + more)
    assert happened_on is not None
    entry = LogEntry.objects.create(
        collaborative=access.collaborative,
        kind=kind,
        title=title.strip(),
        title_fr=title_fr.strip(),
        happened_on=happened_on,
        what_happened=what_happened.strip(),
        what_happened_fr=what_happened_fr.strip(),
        learned=learned.strip(),
        learned_fr=learned_fr.strip(),
        do_differently=do_differently.strip() if kind == EntryKind.LESSON else "",
        do_differently_fr=do_differently_fr.strip() if kind == EntryKind.LESSON else "",
        visibility=visibility,
        organisation_id=None if access.is_steward else access.organisation_id,
        source_label=source_label.strip(),
        source_url=source_url.strip(),
        created_by=access.user,
    )
    entry.activities.set(activities)
    entry.indicators.set(indicators)
    record(access, "lesson.added" if kind == EntryKind.LESSON else "win.added", title=str(entry))
    return entry


@transaction.atomic
def entry_update(
    *,
    access: Access,
    entry_id: int,
    version: int | None = None,
    title: str | None = None,
    happened_on: dt.date | None = None,
    what_happened: str | None = None,
    learned: str | None = None,
    do_differently: str | None = None,
    title_fr: str | None = None,
    what_happened_fr: str | None = None,
    learned_fr: str | None = None,
    do_differently_fr: str | None = None,
    visibility: str | None = None,
    activity_ids: Iterable[int] | None = None,
    indicator_ids: Iterable[int] | None = None,
) -> LogEntry:
    """Change an entry (what is None stays as it is); a stale `version` is a conflict."""
    entry = access.get_owned(LogEntry.objects.select_for_update(), pk=entry_id)
    access.require_edit_for(entry.organisation_id)
    if version is not None and version != entry.version:
        raise ConflictError(
            _("Someone changed this entry after you opened it: look at their version first."),
            current={"version": entry.version, "title": str(entry)},
        )
    problems = _entry_problems(
        kind=entry.kind,
        titles={
            "title": entry.title if title is None else title,
            "title_fr": entry.title_fr if title_fr is None else title_fr,
        },
        happened_on=entry.happened_on if happened_on is None else happened_on,
        visibility=entry.visibility if visibility is None else visibility,
        access=access,
    )
    activities, indicators, more = _links(access, activity_ids or (), indicator_ids or ())
    raise_problems(problems + more)
    for name, value in (
        ("title", title),
        ("what_happened", what_happened),
        ("learned", learned),
        ("do_differently", do_differently if entry.kind == EntryKind.LESSON else None),
        ("title_fr", title_fr),
        ("what_happened_fr", what_happened_fr),
        ("learned_fr", learned_fr),
        ("do_differently_fr", do_differently_fr if entry.kind == EntryKind.LESSON else None),
    ):
        if value is not None:
            setattr(entry, name, value.strip())
    if happened_on is not None:
        entry.happened_on = happened_on
    if visibility is not None:
        entry.visibility = visibility
    entry.version += 1
    entry.save()
    if activity_ids is not None:
        entry.activities.set(activities)
    if indicator_ids is not None:
        entry.indicators.set(indicators)
    record(
        access,
        "lesson.changed" if entry.kind == EntryKind.LESSON else "win.changed",
        title=str(entry),
    )
    return entry


@transaction.atomic
def entry_remove(*, access: Access, entry_id: int) -> None:
    entry = access.get_owned(LogEntry, pk=entry_id)
    access.require_edit_for(entry.organisation_id)
    record(
        access,
        "lesson.removed" if entry.kind == EntryKind.LESSON else "win.removed",
        title=str(entry),
    )
    removal.remove(entry)


@transaction.atomic
def entry_restore(*, access: Access, entry_id: int) -> LogEntry:
    """Bring back an entry removed within the window (`removal.WINDOW`), links and all; who
    may remove it may restore it."""
    entry = removal.get_removed(access, LogEntry, entry_id)
    access.require_edit_for(entry.organisation_id)
    removal.restore(entry)
    record(
        access,
        "lesson.restored" if entry.kind == EntryKind.LESSON else "win.restored",
        title=str(entry),
    )
    return entry


def _who(organisation: Organisation, partner: Organisation | None) -> str:
    return organisation.name if partner is None else f"{organisation.name} – {partner.name}"


@transaction.atomic
def target_level_set(
    *,
    access: Access,
    organisation_id: int,
    level: int,
    partner_id: int | None = None,
    by: dt.date | None = None,
    note: str = "",
) -> TargetLevel:
    """The plan's target level for a partner, or for a pair when `partner_id` is given (the
    pair is the same whichever way round it is named). Stewards only."""
    access.require_manage()
    problems = []
    if not isinstance(level, int) or not 1 <= level <= 4:
        problems.append(
            FieldProblem(
                "level", _("A target level is from 1 (networking) to 4 (full collaboration).")
            )
        )
    found, missing = access.owned(
        Organisation,
        [organisation_id, *([partner_id] if partner_id else [])],
        field="organisation_id",
        message=_("No such organisation: %(ids)s."),
    )
    problems += missing
    if partner_id is not None and partner_id == organisation_id:
        problems.append(FieldProblem("partner_id", _("A pair needs two different organisations.")))
    raise_problems(problems)
    orgs = {o.pk: o for o in found}
    first, second = (
        (organisation_id, None)
        if partner_id is None
        else (min(organisation_id, partner_id), max(organisation_id, partner_id))
    )
    target, _created = access.scope(TargetLevel).update_or_create(
        organisation_id=first,
        partner_id=second,
        defaults={
            "collaborative": access.collaborative,
            "level": level,
            "by": by,
            "note": note.strip(),
            "updated_at": timezone.now(),
        },
    )
    record(
        access,
        "target_level.set",
        who=_who(orgs[first], orgs.get(second) if second else None),
        level=level,
    )
    return target


@transaction.atomic
def target_level_remove(*, access: Access, target_id: int) -> None:
    access.require_manage()
    target = access.get_owned(
        TargetLevel.objects.select_related("organisation", "partner"), pk=target_id
    )
    record(access, "target_level.removed", who=_who(target.organisation, target.partner))
    target.delete()


@transaction.atomic
def health_sharing_set(*, access: Access, shared: bool) -> HealthSharing:
    """Whether members see every partner's collaboration health (stewards)."""
    access.require_manage()
    row, _created = access.scope(HealthSharing).update_or_create(
        defaults={"shared": shared, "collaborative": access.collaborative}
    )
    record(access, "health.shared" if shared else "health.unshared")
    return row
