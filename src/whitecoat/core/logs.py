"""Log lines as readable text or one JSON object each (LOG_FORMAT=json), with secrets redacted.

No Django imports: granian's own process can use these formatters too. The request middleware
(whitecoat.core.middleware) puts the request id in `request_context`; every line logged while
that request runs carries it.

Secrets never reach the output: extra fields whose names look secret (authorization, cookie,
password, token, secret, …) are replaced, and bearer tokens, `token=`/`password=` pairs,
cookies and database URL passwords inside messages and tracebacks are masked. Django's
`django.request` logger passes the whole request object; only its method and path are kept.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import traceback
from typing import Any

REDACTED = "[redacted]"

request_context: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "whitecoat_request_context", default=None
)

SECRET_NAME = re.compile(
    r"authori[sz]ation|cookie|passw(or)?d|secret|token|api[_-]?key|csrf|sessionid|fernet|"
    r"credential|private[_-]?key",
    re.IGNORECASE,
)

_SECRET_WORDS = (
    r"access_token|refresh_token|id_token|client_secret|api_key|apikey|password|passwd|"
    r"secret|token|sessionid|csrftoken|csrfmiddlewaretoken|code_verifier"
)
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # Whole header values: "Authorization: Bearer abc…", "Cookie: sessionid=…; csrftoken=…"
    (
        re.compile(
            r"(?i)(?<![a-z])((?:proxy-)?authori[sz]ation|(?:set-)?cookie)(['\"]?\s*[:=]\s*)[^\r\n]+"
        ),
        r"\1\2" + REDACTED,
    ),
    # A bearer token on its own.
    (re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]+"), r"\1" + REDACTED),
    # key=value pairs in query strings and form bodies: ?access_token=…&code=…
    (re.compile(rf"(?i)((?<![a-z])(?:{_SECRET_WORDS}|code)=)[^&\s\"',;]+"), r"\1" + REDACTED),
    # "password": "…", 'token': '…', password: … (JSON, dict reprs, YAML-ish text)
    (
        re.compile(rf"(?i)([\"']?(?<![a-z])(?:{_SECRET_WORDS})[\"']?\s*:\s*[\"']?)[^\"',}}\s]+"),
        r"\1" + REDACTED,
    ),
    # postgres://user:password@host
    (re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^:/\s@]+:)[^@\s]+@"), r"\1" + REDACTED + "@"),
]

# Attributes every LogRecord has; anything else on a record came in through `extra=`.
_STANDARD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


def redact(text: str) -> str:
    """Mask the secrets that can hide inside free text (messages, tracebacks, URLs)."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _request_summary(request: Any) -> dict[str, Any]:
    """Django's HttpRequest, reduced to what may be logged (no headers, cookies or query)."""
    summary: dict[str, Any] = {}
    method = getattr(request, "method", None)
    path = getattr(request, "path", None)
    if isinstance(method, str):
        summary["method"] = method
    if isinstance(path, str):
        summary["path"] = path
    return summary


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {
            str(k): REDACTED if SECRET_NAME.search(str(k)) else _plain(v) for k, v in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return redact(str(value))


def record_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The request context and the `extra=` fields of a record, made safe to print."""
    fields: dict[str, Any] = dict(request_context.get() or {})
    for key, value in vars(record).items():
        if key in _STANDARD_ATTRS or key.startswith("_"):
            continue
        if key == "request":
            fields.update(_request_summary(value))
        elif SECRET_NAME.search(key):
            fields[key] = REDACTED
        else:
            fields[key] = _plain(value)
    return fields


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for key, value in record_fields(record).items():
            payload.setdefault(key, value)
        if record.exc_info and record.exc_info[0] is not None:
            payload["exception"] = {
                "type": record.exc_info[0].__name__,
                "message": redact(str(record.exc_info[1])),
                "traceback": redact("".join(traceback.format_exception(*record.exc_info))),
            }
        elif record.exc_text:
            payload["exception"] = {"traceback": redact(record.exc_text)}
        if record.stack_info:
            payload["stack"] = redact(record.stack_info)
        return json.dumps(payload, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """`2026-11-22 02:30:00,123 INFO whitecoat.request [req 3f2a…] GET /login/ 200 12 ms`."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s%(request_tag)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        context = request_context.get() or {}
        record.request_tag = f" [req {context['request_id']}]" if "request_id" in context else ""
        try:
            return redact(super().format(record))
        finally:
            del record.request_tag
