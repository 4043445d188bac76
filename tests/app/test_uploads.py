"""Uploads are judged by content, bounded in size and stored under server-made names."""

import io

import pytest
from werkzeug.datastructures import FileStorage

from inspect_app.uploads import UnsupportedUpload, UploadTooLarge, send_upload, sniff, store_upload, upload_folder

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 100
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 100
PDF = b"%PDF-1.4\n" + b"\x00" * 100


def upload(data: bytes, filename: str) -> FileStorage:
    """A file as a browser would send it."""
    return FileStorage(stream=io.BytesIO(data), filename=filename, content_type="image/jpeg")


@pytest.mark.parametrize(
    ("data",                                 "found"),
    [
        (JPEG,                                   "image/jpeg"),
        (PNG,                                    "image/png"),
        (WEBP,                                   "image/webp"),
        (PDF,                                    "application/pdf"),
        (b"MZ\x90\x00" + b"\x00" * 100,          None),  # a Windows executable
        (b"\x7fELF" + b"\x00" * 100,             None),
        (b'<svg onload="alert(1)"></svg>',       None),
        (b"RIFF\x10\x00\x00\x00WAVEfmt ",        None),
        (b"",                                    None),
    ],
)
def test_sniff_by_content(data, found):
    assert sniff(data[:16]) == found


def test_an_executable_named_jpg_is_refused_and_nothing_kept(app):
    with app.app_context():
        with pytest.raises(UnsupportedUpload):
            store_upload(upload(b"MZ\x90\x00" + b"\x00" * 5000, "photo.jpg"))
        assert list(upload_folder().iterdir()) == []


def test_a_path_in_the_name_is_ignored(app):
    with app.app_context():
        stored = store_upload(upload(JPEG, "../../etc/passwd.jpg"))
        assert "/" not in stored.name
        assert ".." not in stored.name
        assert stored.name.endswith(".jpg")
        assert (upload_folder() / stored.name).read_bytes() == JPEG
        assert stored.size == len(JPEG)


def test_a_file_over_the_bound_is_refused_and_nothing_kept(app):
    app.config["UPLOAD_MAX_BYTES"] = 1000
    with app.app_context():
        with pytest.raises(UploadTooLarge):
            store_upload(upload(JPEG + b"\x00" * 2000, "big.jpg"))
        assert list(upload_folder().iterdir()) == []


def test_served_with_nosniff_and_a_sandbox(app):
    with app.test_request_context():
        stored = store_upload(upload(PNG, "x.png"))
        response = send_upload(stored.name, stored.content_type)
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response.headers["Content-Security-Policy"]
        assert response.mimetype == "image/png"
        response.close()
