"""What every router shares: the declared error responses and the paginator."""

from __future__ import annotations

from typing import Any

from ninja.pagination import PageNumberPagination

from whitecoat.api.schemas import ErrorOut, ValidationErrorOut

# 401 without credentials; 422 for a malformed filter or page number.
LIST_ERRORS: dict[int, Any] = {401: ErrorOut, 422: ValidationErrorOut}
# A detail outside the caller's scope is a 404, as if it did not exist.
DETAIL_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}

Paginator = PageNumberPagination
