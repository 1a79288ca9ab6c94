"""Accounts the sample files name, and a helper to upload a sample file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.factories import SocialAccountFactory
from whitecoat.imports.models import Import
from whitecoat.imports.services import import_upload
from whitecoat.metrics.enums import Platform

FILES = Path(__file__).parent / "files"

Upload = Callable[..., Import]


@pytest.fixture
def amy_x(ambassador_account: Any) -> Any:
    """Amy's X account, @dr_amy: the handle the X and Sprout samples use."""
    return ambassador_account


@pytest.fixture
def amy_instagram(ambassador_record: Any) -> Any:
    return SocialAccountFactory(
        ambassador=ambassador_record, platform=Platform.INSTAGRAM, handle="@dr.amy.heart"
    )


@pytest.fixture
def upload(admin: Any) -> Upload:
    """Upload a file from tests/imports/files (or given bytes) as the admin."""

    def _upload(name: str, data: bytes | None = None, **kwargs: Any) -> Import:
        content = (FILES / name).read_bytes() if data is None else data
        return import_upload(by=kwargs.pop("by", admin), file_name=name, data=content, **kwargs)

    return _upload
