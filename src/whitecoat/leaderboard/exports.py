"""CSV and XLSX exports of a leaderboard: every row the filters select, in the order shown,
with the page's columns and the same hidden figures (empty cells mean no data)."""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

from whitecoat.dashboard.exports import _safe, csv_response
from whitecoat.leaderboard.selectors import Leaderboard
from whitecoat.leaderboard.tables import cell, columns_for

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _name(board: Leaderboard) -> str:
    scope = f"-{board.platform}" if board.platform else ""
    return f"leaderboard-{board.window.key}-{board.grouping}{scope}"


def leaderboard_csv(board: Leaderboard) -> StreamingHttpResponse:
    columns = columns_for(board.grouping)
    return csv_response(
        name=_name(board),
        rows=board.lines,
        columns=[(c.name, (lambda line, c=c: cell(c, line))) for c in columns],
    )


def _xlsx_rows(board: Leaderboard) -> Iterator[list[object]]:
    columns = columns_for(board.grouping)
    yield [c.label for c in columns]
    for line in board.lines:
        yield [_safe(cell(c, line)) for c in columns]


def leaderboard_xlsx(board: Leaderboard) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Leaderboard")
    for values in _xlsx_rows(board):
        sheet.append(["" if v is None else v for v in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    filename = f"whitecoat-{_name(board)}-{timezone.localdate():%Y-%m-%d}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
