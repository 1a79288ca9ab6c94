"""What an uploaded share-kit image is, from its first bytes. Plain Python (no Django).

The file name and the browser's content type are the uploader's word; the bytes are not.
Only PNG, JPEG, GIF and WebP pass, up to `MAX_BYTES`.
"""

from __future__ import annotations

MAX_BYTES = 5 * 1024 * 1024
EXTENSIONS = {"png": ".png", "jpeg": ".jpg", "gif": ".gif", "webp": ".webp"}
CONTENT_TYPES = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}


def image_kind(head: bytes) -> str | None:
    """ "png", "jpeg", "gif" or "webp" when the bytes start like one, else None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None
