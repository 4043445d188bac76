"""Uploaded evidence files: judged by content, stored under server-made names, served by permission.

Files live in UPLOAD_FOLDER (default `<instance>/uploads`, outside the static folder; several
servers share one by pointing it at shared storage). The stored name is made here from a random
id and the type found in the content; the name the browser sent is never used for anything.
"""

import hashlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from flask import Response, current_app, send_file
from werkzeug.datastructures import FileStorage

# What is accepted, found by the file's first bytes: (magic prefix, offset) → content type.
SIGNATURES = [
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"WEBP", 8, "image/webp"),
    (b"%PDF-", 0, "application/pdf"),
]
SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}
CHUNK = 64 * 1024


class UploadTooLarge(ValueError):
    """The file is larger than UPLOAD_MAX_BYTES (413)."""


class UnsupportedUpload(ValueError):
    """The file's content is none of the accepted types (415)."""


@dataclass(frozen=True)
class StoredUpload:
    """A stored file: its server-made name (relative to the upload folder) and what it is."""

    name: str
    content_type: str
    size: int
    sha256: str


def sniff(head: bytes) -> str | None:
    """The accepted content type these first bytes begin, or None."""
    for magic, offset, content_type in SIGNATURES:
        if head[offset : offset + len(magic)] == magic and (content_type != "image/webp" or head[:4] == b"RIFF"):
            return content_type
    return None


def upload_folder() -> Path:
    """Where uploads are kept (made on first use)."""
    folder = Path(current_app.config.get("UPLOAD_FOLDER") or Path(current_app.instance_path) / "uploads")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def max_bytes() -> int:
    """The largest file accepted."""
    return int(current_app.config.get("UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def store_upload(file: FileStorage) -> StoredUpload:
    """Check the file's size and type by content, then store it whole under a new name."""
    limit = max_bytes()
    head = file.stream.read(16)
    content_type = sniff(head)
    if content_type is None:
        raise UnsupportedUpload("not a JPEG, PNG, WebP or PDF file")
    name = f"{uuid.uuid4().hex}{SUFFIXES[content_type]}"
    folder = upload_folder()
    partial = folder / f".{name}.part"
    digest, size = hashlib.sha256(head), len(head)
    try:
        with partial.open("wb") as out:
            out.write(head)
            while chunk := file.stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UploadTooLarge(f"larger than {limit} bytes")
                digest.update(chunk)
                out.write(chunk)
        os.replace(partial, folder / name)
    finally:
        partial.unlink(missing_ok=True)
    return StoredUpload(name=name, content_type=content_type, size=size, sha256=digest.hexdigest())


def digest_of(file: FileStorage) -> str:
    """The sha256 of an upload's content, read without consuming it (the stream is rewound)."""
    stream, start, digest = file.stream, file.stream.tell(), hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    stream.seek(start)
    return digest.hexdigest()


def discard(stored: list[StoredUpload]) -> None:
    """Remove stored files that no row came to name (a refused or repeated write)."""
    folder = upload_folder()
    for upload in stored:
        (folder / upload.name).unlink(missing_ok=True)


def send_upload(name: str, content_type: str) -> Response:
    """Serve a stored file (the caller has asked the policy); never rendered as a page."""
    path = upload_folder() / Path(name).name
    response = send_file(path, mimetype=content_type, as_attachment=content_type == "application/pdf")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
