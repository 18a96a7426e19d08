"""Set-based import of values: stream, check, write in few statements.

The package: `parsing` (rows of text, the decimal mark), `reading` (the hot loop, with the one
value rule of `braid.measures.rules`), `writers` (per database: the value table, the stage, the
move), `child` (the reading child on SQLite), `unusual` (warnings), `service` (`import_values`).

1. The file is streamed row by row (never loaded whole). A flat loop resolves the common row
   (a count whose codes were seen before) with a few dictionary lookups; any other row goes
   to `rules.ValueRules.check` (the one value rule, shared with the form), which names every
   problem with its row and column: unknown codes, numbers,
   ranges, disaggregations, unassigned partners, periods already submitted.
2. The fast way, for a CSV file of new figures (a first import, a new period): resolved rows go
   straight into the value table as they are read (one COPY on PostgreSQL, batched
   `executemany` on SQLite) inside a savepoint. At the first problem, at a key already in the
   table or repeated in the file, the savepoint is rolled back and the file read again the
   careful way; the first batch is checked against existing reports first, so a file of
   corrections goes the careful way at once.
3. The careful way: resolved rows go to a temporary staging table in batches (COPY text on
   PostgreSQL; `executemany` on SQLite, into a table kept in the value key's order). With any
   problem, duplicates within the file are found with SQL over the stage, nothing is written
   and every problem is returned. Otherwise the duplicate check, the history of changed
   values, then one `INSERT ... SELECT ... ON CONFLICT`.
4. Both ways run under an advisory lock per collaborative on PostgreSQL, and open draft
   submissions for the (organisation, period) pairs written.
"""

from braid.measures.imports.parsing import detect_file_decimal, is_csv
from braid.measures.imports.result import ValueImportResult
from braid.measures.imports.service import import_file, import_values
from braid.measures.rules import COLUMNS

__all__ = [
    "COLUMNS",
    "ValueImportResult",
    "detect_file_decimal",
    "import_file",
    "import_values",
    "is_csv",
]
