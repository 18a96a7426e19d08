"""An aggregate records how many partners are assigned the indicator, beside how many it covers,
so that a period only some partners have reported is shown as provisional. Existing rows are
filled from the indicators' current reporters."""

from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def backfill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Aggregate = apps.get_model("measures", "Aggregate")
    Indicator = apps.get_model("measures", "Indicator")
    through = Indicator.reporters.through
    assigned = (
        through.objects.filter(indicator_id=OuterRef("indicator_id"))
        .values("indicator_id")
        .annotate(n=Count("organisation_id"))
        .values("n")
    )
    Aggregate.objects.update(assigned=Coalesce(Subquery(assigned), 0))


class Migration(migrations.Migration):
    dependencies = [("measures", "0004_indicator_version_and_changes")]

    operations = [
        migrations.AddField(
            model_name="aggregate",
            name="assigned",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
