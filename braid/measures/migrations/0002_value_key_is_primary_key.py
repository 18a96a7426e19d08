"""The value key becomes the value table's primary key (docs/adr/0005).

The surrogate id, the separate unique constraint and the (collaborative, organisation, period)
index go: each was one more index written for every imported value. Django does not migrate a
table to a composite primary key by itself, so the state changes are declared and the table is
changed with SQL per database; on SQLite it is rebuilt `WITHOUT ROWID` (the key is the table).
"""

from django.db import migrations, models

COLUMNS = (
    "collaborative_id, indicator_id, organisation_id, period_id, disaggregation, value,"
    " numerator, denominator, updated_at, updated_by_id"
)
KEY = "collaborative_id, indicator_id, period_id, organisation_id, disaggregation"

SQLITE = [
    'CREATE TABLE "measures_value__new" ("collaborative_id" bigint NOT NULL,'
    ' "indicator_id" bigint NOT NULL, "organisation_id" bigint NOT NULL,'
    ' "period_id" bigint NOT NULL, "disaggregation" varchar(80) NOT NULL, "value" real NULL,'
    ' "numerator" real NULL, "denominator" real NULL, "updated_at" datetime NOT NULL,'
    f' "updated_by_id" integer NULL, PRIMARY KEY ({KEY})) WITHOUT ROWID',
    f'INSERT INTO "measures_value__new" ({COLUMNS}) SELECT {COLUMNS} FROM "measures_value"',
    'DROP TABLE "measures_value"',
    'ALTER TABLE "measures_value__new" RENAME TO "measures_value"',
]
POSTGRESQL = [
    'ALTER TABLE "measures_value" DROP CONSTRAINT "value_key"',
    'DROP INDEX "measures_va_collabo_848a9c_idx"',
    'ALTER TABLE "measures_value" DROP COLUMN "id"',
    f'ALTER TABLE "measures_value" ADD CONSTRAINT "measures_value_pkey" PRIMARY KEY ({KEY})',
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor)
    if statements is None:
        raise RuntimeError("Braid runs on SQLite or PostgreSQL.")
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(model_name="value", name="value_key"),
                migrations.RemoveIndex(model_name="value", name="measures_va_collabo_848a9c_idx"),
                migrations.RemoveField(model_name="value", name="id"),
                migrations.AddField(
                    model_name="value",
                    name="pk",
                    field=models.CompositePrimaryKey(
                        "collaborative",
                        "indicator",
                        "period",
                        "organisation",
                        "disaggregation",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(forwards)],
        ),
    ]
