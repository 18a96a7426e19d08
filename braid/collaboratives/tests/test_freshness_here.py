"""freshness.remember(shared=False): an answer kept in this process, built again once the data
changes (a new audit line), for each reader apart."""

from __future__ import annotations

from braid.collaboratives import freshness
from braid.collaboratives.access import access_for
from braid.collaboratives.audit import record


def test_kept_here_until_the_data_changes(steward, viewer, collaborative) -> None:  # type: ignore[no-untyped-def]
    built: list[str] = []

    def read(user) -> str:  # type: ignore[no-untyped-def]
        access = access_for(user, collaborative.slug)

        def build() -> str:
            built.append(user.email)
            return f"page {len(built)}"

        return freshness.remember(access.audience, "test.page", build, shared=False)

    assert read(steward) == read(steward) == "page 1"
    assert read(viewer) == "page 2"  # another reader, another answer
    record(access_for(steward, collaborative.slug), "collaborative.updated", name="x")
    assert read(steward) == "page 3" and read(steward) == "page 3"
    assert len(built) == 3


def test_the_mark_is_the_latest_audit_lines_id_and_time(steward, collaborative) -> None:  # type: ignore[no-untyped-def]
    """Read in SQL, it says what the ORM reads, on either database: the id and the instant."""
    from braid.collaboratives.models import AuditEvent

    assert freshness._mark(collaborative.pk + 1000) == "0"  # no line yet
    record(access_for(steward, collaborative.slug), "collaborative.updated", name="x")
    latest = AuditEvent.objects.filter(collaborative=collaborative).order_by("-pk").first()
    assert latest is not None
    assert freshness._mark(collaborative.pk) == f"{latest.pk}@{latest.created_at.timestamp()}"
