"""A collaborative moving between installations: `braid import collaborative FILE.zip`.

The engine (braid/core/bundle) reads the file; this service names the new collaborative under
the house's rule for short names and writes its audit line."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_lazy

from braid.collaboratives.audit import audit_record, vocabulary
from braid.collaboratives.models import Collaborative
from braid.collaboratives.services import free_slug
from braid.core.bundle.load import BundleError, import_bundle, read_bundle

vocabulary(
    {
        "collaborative.imported": gettext_lazy(
            "Collaborative imported from %(file)s (exported from “%(source)s” by Braid %(version)s)"
        ),
    }
)


def collaborative_import(*, path: Path, slug: str | None = None) -> Collaborative:
    """Make the collaborative of an export, all or nothing; raises BundleError or ServiceError
    (short name taken or reserved) saying what to do."""
    manifest = read_bundle(path).manifest
    wanted = free_slug(slug or str(manifest.get("collaborative") or ""))
    with transaction.atomic():
        collaborative = import_bundle(path, slug=wanted)
        assert isinstance(collaborative, Collaborative)
        audit_record(
            collaborative=collaborative,
            actor=None,
            action="collaborative.imported",
            details={
                "file": path.name,
                "source": manifest.get("collaborative", ""),
                "version": manifest.get("braid_version", ""),
            },
        )
    return collaborative


__all__ = ["BundleError", "collaborative_import"]
