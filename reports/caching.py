"""Conditional requests and cached rendering for pages that never change: a published
report. The key holds everything that shapes the page for this person, so a cached page or
a 304 is never stale: the report and its version, who reads it and as which council, the
newer version if any, their roles (the menu), the CSRF secret (the forms on the page), the
language and the release of the templates."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from duoplus import roles

from .models import Report, ReportStatus


def _release():
    """The templates as deployed: RELEASE, or else a digest of their contents (the same in
    every process of one deployment)."""
    if getattr(settings, "RELEASE", ""):
        return settings.RELEASE
    digest = hashlib.sha256()
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(directory).rglob("*.html")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RELEASE = _release()


def _pending_messages(request):
    return "messages" in request.COOKIES or "_messages" in request.session


def page_key(request, report, council):
    """(ETag, last change) for the page of a published report, or None when the page
    must be made afresh (not published, messages waiting)."""
    if report.status != ReportStatus.PUBLISHED or _pending_messages(request):
        return None
    get_token(request)  # the forms' secret: from the cookie, or a new one set with this page
    secret = request.META.get("CSRF_COOKIE")
    newer = (
        Report.objects.visible_to(request.user)
        .filter(supersedes=report)
        .values_list("pk", "status", "published_at")
        .first()
    )
    parts = [
        report.pk,
        report.version,
        report.published_at.isoformat() if report.published_at else "",
        request.user.pk,
        getattr(council, "pk", ""),
        newer,
        sorted(roles.role_names(request.user)),
        secret,
        get_language(),
        RELEASE,
    ]
    etag = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    modified = max(d for d in (report.published_at, newer and newer[2]) if d)
    return f'W/"{etag}"', modified
