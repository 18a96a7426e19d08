"""Responses shared by every module's pages."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO, Any

from django.http import Http404, HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def spreadsheet_response(
    write: Callable[[str, IO[Any]], None], fmt: str, filename: str
) -> HttpResponse:
    """Run `write(fmt, fileobj)` and send the result as a CSV (UTF-8 with BOM, which Excel
    reads as UTF-8) or XLSX download; any other format is a 404."""
    if fmt == "csv":
        text = io.StringIO()
        write(fmt, text)
        response = HttpResponse(
            text.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        data = io.BytesIO()
        write(fmt, data)
        response = HttpResponse(data.getvalue(), content_type=XLSX)
    else:
        raise Http404("Unknown format: use csv or xlsx.")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def int_or_none(value: str | None) -> int | None:
    """A form or query value as an integer, or None when it is empty or not a number."""
    try:
        return int(value) if value else None
    except ValueError:
        return None
