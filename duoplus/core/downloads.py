"""Serving a privately stored file (a PDF) to someone whose right was checked just now:
as an attachment, with its checksum, never kept by a shared cache."""

from typing import Any

from django.http import FileResponse


def private_file(file: Any, *, filename: str, sha256: str) -> FileResponse:
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["X-Content-SHA256"] = sha256
    response["Cache-Control"] = "private, no-cache"
    return response
