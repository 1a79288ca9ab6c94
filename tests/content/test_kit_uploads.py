"""Hostile share-kit images through the kit form: the type comes from the bytes, the size is
capped at 5 MB; the message says which, nothing is saved and what was typed stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from whitecoat.content import images, services
from whitecoat.content.models import ShareKit

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FORM = {
    "title": "Heart Month",
    "link": "https://lakeside.example/heart",
    "copy_x": "Know your numbers.",
}
RENAMED = [
    ("heart.png", b"<html><script>alert(1)</script></html>", "text/html as .png"),
    ("heart.jpg", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF as .jpg"),
    ("heart.gif", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(64), "program as .gif"),
    ("heart.webp", b"RIFF\x10\x00\x00\x00WAVEfmt ", "sound as .webp"),
]


def _files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.parametrize(("name", "content", "_"), RENAMED, ids=[r[2] for r in RENAMED])
def test_kit_form_refuses_a_renamed_non_image_and_saves_nothing(
    client, admin, settings, tmp_path, name, content, _
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin)

    response = client.post(
        reverse("content:kit-create"),
        {**FORM, "image": SimpleUploadedFile(name, content, content_type="image/png")},
    )

    assert response.status_code == 200
    assert "Upload a PNG, JPEG, GIF or WebP image." in response.text
    assert 'value="Heart Month"' in response.text
    assert not ShareKit.objects.exists()
    assert _files(tmp_path) == []


def test_kit_form_refuses_an_image_over_5_mb_and_saves_nothing(client, admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin)
    big = PNG + b"\x00" * (6 * 1024 * 1024 - len(PNG))

    response = client.post(
        reverse("content:kit-create"),
        {**FORM, "image": SimpleUploadedFile("heart.png", big, content_type="image/png")},
    )

    assert images.MAX_BYTES == 5 * 1024 * 1024
    assert response.status_code == 200
    assert "The image is 6.0 MB; the limit is 5 MB." in response.text
    assert not ShareKit.objects.exists()
    assert _files(tmp_path) == []


def test_kit_edit_with_a_renamed_non_image_keeps_the_kit_and_its_image(
    client, admin, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    kit = services.kit_create(
        by=admin,
        data=services.KitInput(
            title="Heart Month", link=FORM["link"], copies={"x": ["Know your numbers."]}
        ),
        image=SimpleUploadedFile("heart.png", PNG, content_type="image/png"),
    )
    before = (kit.image.name, _files(tmp_path))
    client.force_login(admin)

    response = client.post(
        reverse("content:kit-edit", args=[kit.pk]),
        {**FORM, "title": "Renamed", "image": SimpleUploadedFile("new.png", b"GIF? no.")},
    )

    kit.refresh_from_db()
    assert "Upload a PNG, JPEG, GIF or WebP image." in response.text
    assert 'value="Renamed"' in response.text
    assert (kit.title, kit.image.name, _files(tmp_path)) == ("Heart Month", *before)
    assert Path(tmp_path, kit.image.name).read_bytes() == PNG
