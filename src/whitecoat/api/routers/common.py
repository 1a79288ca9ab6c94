"""What every router shares: the declared error responses and the paginator."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from whitecoat.api.schemas import ErrorOut, ValidationErrorOut

# 401 without credentials; 422 for a malformed filter or page number.
LIST_ERRORS: dict[int, Any] = {401: ErrorOut, 422: ValidationErrorOut}
# A detail outside the caller's scope is a 404, as if it did not exist.
DETAIL_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}

# The largest page number and id a caller may send: beyond a database's 64-bit integers a
# query cannot even be written, so such a number is a 422, not a server error.
MAX_PAGE = 1_000_000


class Paginator(PageNumberPagination):
    """Django Ninja's page-number pagination with bounded page numbers."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE)
