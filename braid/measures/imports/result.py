"""What an import found and did: rows, counts, every problem (up to a limit), warnings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from braid.core.errors import FieldProblem
from braid.lib.numbers import DecimalMark

MAX_KEPT_PROBLEMS = 5_000


@dataclass
class ValueImportResult:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    problems: list[FieldProblem] = field(default_factory=list)
    problem_count: int = 0
    warnings: list[FieldProblem] = field(default_factory=list)
    # Unusual figures are looked for in files of up to WARN_LIMIT rows only.
    warnings_checked: bool = True
    decimal: DecimalMark = "point"  # how the file's numbers were read
    changed_at: str = ""  # when its changes were written (ISO), as the value history has it

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, row: int, column: str, value: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_KEPT_PROBLEMS:
            self.problems.append(FieldProblem(field=column, message=message, row=row, value=value))

    def as_dict(self) -> dict[str, Any]:
        def plain(p: FieldProblem) -> dict[str, Any]:
            return {"row": p.row, "column": p.field, "value": p.value, "message": p.message}

        return {
            "rows": self.rows,
            "inserted": self.inserted,
            "updated": self.updated,
            "problem_count": self.problem_count,
            "problems": [plain(p) for p in self.problems],
            "warnings": [plain(w) for w in self.warnings],
            "warnings_checked": self.warnings_checked,
            "decimal": self.decimal,
        }
