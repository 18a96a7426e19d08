"""Responses shared by every module's pages."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.safestring import SafeString, mark_safe

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# HTML kept for many requests (a page's content until the data changes, the top bar) is
# rendered with this in place of the CSRF token (`{% csrf_token %}` writes it as the field's
# value), and `with_csrf` puts each request's own token in.
CSRF_MARK = "braid-csrf-token-of-the-request"


def with_csrf(html: str, request: HttpRequest) -> SafeString:
    from django.middleware.csrf import get_token

    if CSRF_MARK not in html:
        return mark_safe(html)  # noqa: S308 (rendered by a template, escaped there)
    return mark_safe(html.replace(CSRF_MARK, get_token(request)))  # noqa: S308 (idem)


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


def table_download(
    request: HttpRequest,
    filename: str,
    headers: Sequence[str],
    rows: Callable[[], Iterable[Sequence[Any]]],
) -> HttpResponse | None:
    """A list page's own rows as CSV or XLSX when it is asked for `?format=csv|xlsx` (formulas
    neutralised), else None and the page renders as usual. The rows are the page's: the same
    selector, the same audience, so a download never shows more than the page."""
    fmt = request.GET.get("format")
    if fmt not in ("csv", "xlsx"):
        return None
    from braid.lib.tabular import write_table

    return spreadsheet_response(
        lambda f, fh: write_table(
            rows(), [str(h) for h in headers], fh, fmt=f, sheet_title=filename
        ),
        fmt,
        filename,
    )


Table = tuple[str, Sequence[Any], Iterable[Sequence[Any]]]  # (file name, headers, rows)


def _over_export_rate(request: HttpRequest) -> HttpResponse | None:
    """A list's download counts as an export: the same counter and rate as the `/export`
    paths (settings.BRAID_RATE_RULES' "export" rule, BRAID_RATE_EXPORT per user); past it,
    the 429 that says when to try again."""
    from braid.core.limits import hit, refused

    if hit(request, "export", "BRAID_RATE_EXPORT", key="user_or_ip"):
        return refused(request)
    return None


def downloadable(
    table: Callable[..., Table],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A list page that also downloads: under `collaborative_view`, `?format=csv|xlsx` answers
    with `table(request, access, *args, **kwargs)` -> (name, headers, rows), which builds the
    page's own rows (the same selector, audience and filters as the page); the file is called
    "<collaborative>-<name>". Each download counts against the export rate, as `/export`
    paths do (`_over_export_rate`). The view is marked `downloads` for the registry of lists."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, access: Any, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.GET.get("format") in ("csv", "xlsx"):
                refused = _over_export_rate(request)
                if refused:
                    return refused
                name, headers, rows = table(request, access, *args, **kwargs)
                slug = access.collaborative.slug
                download = table_download(request, f"{slug}-{name}", headers, lambda: rows)
                if download:
                    return download
            return view(request, access, *args, **kwargs)

        wrapper.downloads = True  # type: ignore[attr-defined]
        return wrapper

    return decorator


def query_id(value: object) -> str:
    """A row id from a query string as its digits, or "" when it is not one (no sign, fewer
    than 19 digits: it fits a database's 64-bit key)."""
    text = "" if value is None else str(value)
    return text if text.isdigit() and len(text) < 19 else ""


def int_or_none(value: str | None) -> int | None:
    """A form or query value as an integer, or None when it is empty or not a number."""
    try:
        return int(value) if value else None
    except ValueError:
        return None


def import_page(
    request: HttpRequest,
    *,
    run: Callable[[Any, int], Any],
    done: Callable[[Any], tuple[str, HttpResponse]],
    template: str,
    columns: Sequence[str],
) -> HttpResponse:
    """An import page: the form, then `run(upload, max_bytes)`. A file Braid cannot read is the
    form's error; a result with problems is shown whole with status 400; a clean one goes to
    `done(result)`, which gives the success message and where to go."""
    from django.conf import settings
    from django.contrib import messages
    from django.shortcuts import render

    from braid.core.forms import ImportForm
    from braid.lib.tabular import TabularError

    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = run(upload, settings.BRAID_MAX_UPLOAD_BYTES)
        except TabularError as exc:
            form.add_error("file", str(exc))
        else:
            if result.ok:
                message, response = done(result)
                messages.success(request, message)
                return response
    status = 400 if (result and not result.ok) or form.errors else 200
    return render(
        request,
        template,
        {"form": form, "result": result, "columns": columns},
        status=status,
    )
