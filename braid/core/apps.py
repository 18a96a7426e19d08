from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "braid.core"
    label = "core"
    verbose_name = "Braid core"

    def ready(self) -> None:
        from django.conf import settings

        from braid.lib import tabular

        # Every file reader of every module (pages, API, CLI, background jobs) applies the
        # installation's limits.
        tabular.configure(
            tabular.Limits(
                max_bytes=None,
                max_unpacked=settings.BRAID_IMPORT_MAX_UNPACKED_BYTES,
                max_ratio=settings.BRAID_IMPORT_MAX_RATIO,
                max_rows=settings.BRAID_IMPORT_MAX_ROWS,
                max_cells=settings.BRAID_IMPORT_MAX_CELLS,
                max_seconds=settings.BRAID_IMPORT_MAX_SECONDS or None,
            )
        )

        from braid.core import housekeeping
        from braid.core.background import drain_outbox

        housekeeping.register("core.drain_outbox", drain_outbox)

        from braid.core.bundle.export import cli_export
        from braid.core.transfer import register_exporter

        register_exporter(
            "collaborative",
            cli_export,
            formats=("zip",),
            help="everything of one collaborative, to import into another installation",
        )
