"""A response's text as a reader would see it: pages and CSV as they are, streamed bodies
joined, XLSX cell by cell, PDF through its text layer — so a search for a name or a secret
cannot miss it because it was compressed."""

from __future__ import annotations

import io
from typing import Any

from django.core.signals import request_finished
from django.db import close_old_connections
from openpyxl import load_workbook
from pypdf import PdfReader

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def close_quietly(response: Any) -> None:
    """Close a response (a file download's handle) without Django's request_finished
    closing the database connection: inside the tests' transaction that would drop it on
    PostgreSQL (the test client disconnects that handler only while it serves)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def raw_bytes(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
        close_quietly(response)
        return data
    return response.content


def text_of(response: Any) -> str:
    data = raw_bytes(response)
    kind = response.headers.get("Content-Type", "").split(";")[0].strip()
    if kind == XLSX:
        book = load_workbook(io.BytesIO(data), read_only=True)
        cells = [
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        book.close()
        return "\n".join(cells)
    if kind == PDF:
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8", errors="replace")
