"""The one domain error type: services raise it, forms show it, the API maps it to 409/422."""

from __future__ import annotations


class WhiteCoatError(Exception):
    """A rule of the program was broken; the message is meant for the user."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
