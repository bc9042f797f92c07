"""The storage of the council PDFs is a setting: a shared folder or an S3-compatible bucket."""

import environ
import pytest
from django.core.files.base import ContentFile
from django.utils.module_loading import import_string

from duoplus.settings.base import private_storage


def test_filesystem_by_default(monkeypatch):
    monkeypatch.delenv("PDF_STORAGE", raising=False)
    config = private_storage(environ.Env())
    assert config["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_s3_compatible_bucket(monkeypatch):
    monkeypatch.setenv("PDF_STORAGE", "s3")
    monkeypatch.setenv("S3_BUCKET", "duoplus-pdf")
    monkeypatch.setenv("S3_ENDPOINT_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("S3_ACCESS_KEY", "sleutel")
    monkeypatch.setenv("S3_SECRET_KEY", "geheim")
    config = private_storage(environ.Env())
    storage = import_string(config["BACKEND"])(**config["OPTIONS"])
    assert storage.bucket_name == "duoplus-pdf"
    assert storage.default_acl == "private" and storage.querystring_auth
    # The name a worker stores is the name any web process reads: no local path involved.
    assert storage.location == "private"
    # Nothing listens on port 9: writing fails loudly instead of falling back to disk.
    with pytest.raises(Exception):  # noqa: B017 - botocore raises its own connection error
        storage.save("proef.pdf", ContentFile(b"%PDF-"))


def test_unknown_storage_is_refused(monkeypatch):
    monkeypatch.setenv("PDF_STORAGE", "ftp")
    with pytest.raises(ValueError, match="PDF_STORAGE"):
        private_storage(environ.Env())
