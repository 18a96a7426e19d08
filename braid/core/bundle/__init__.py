"""A collaborative as one file: `braid export collaborative` / `braid import collaborative`.

Each app declares its models in its AppConfig.ready() (registry.py); export.py writes the zip,
load.py reads it back into another installation (docs/adr/0017)."""

from braid.core.bundle.registry import (
    Part,
    id_list,
    register_parts,
    register_people,
    register_root,
)

__all__ = ["Part", "id_list", "register_parts", "register_people", "register_root"]
