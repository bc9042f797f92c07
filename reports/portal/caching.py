"""Conditional requests and cached rendering for what never changes: a published report's
page and PDFs.

A published report stays visible to whoever could see it (its organisation and receiving
councils are fixed), so once the access check has passed for a person *with their current
memberships*, the answer is kept in the cache under a key that includes those memberships:
a lost role changes the key, a deactivated account never gets this far (duoplus.core.auth). The
page's key then holds everything else that shapes it: the report version, the council
variant, a newer version (looked up again whenever any report is published), the roles
(the menu), the CSRF secret (the forms), the language, the template release, and the
questions and notes beside the passages (their generation, and the day: asking closes). A
page or a 304 from the cache is therefore never someone else's and never stale."""

import hashlib
from pathlib import Path
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.utils import get_app_template_dirs
from django.utils import timezone
from django.utils.translation import get_language

from duoplus.core import roles
from reports.core.models import Report, ReportStatus
from reports.questions import reading as questions_reading
from reports.review.generation import GENERATION_KEY


def _release():
    """The templates as deployed: RELEASE, or else a digest of their contents (the same in
    every process of one deployment): the project's templates and those of its own apps."""
    if getattr(settings, "RELEASE", ""):
        return settings.RELEASE
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR).resolve()
    own = [d for d in get_app_template_dirs("templates") if base in Path(d).resolve().parents]
    project = cast(list[str], settings.TEMPLATES[0]["DIRS"])
    for directory in sorted(str(d) for d in [*project, *own]):
        for path in sorted(Path(directory).rglob("*.html")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


RELEASE = _release()


def _reader(user):
    """The person with their current memberships, as part of a cache key."""
    memberships = sorted(roles.memberships(user))
    return f"{user.pk}:{hashlib.sha256(repr(memberships).encode()).hexdigest()[:16]}"


def pending_messages(request):
    return "messages" in request.COOKIES or "_messages" in request.session


# -- the page -------------------------------------------------------------------------------


def known_page(request, pk):
    """What an earlier request of this person learnt about published report ``pk`` (after
    its access check), or None; forgotten when any report has been published since."""
    key = f"page-id:{_reader(request.user)}:{pk}"
    found = cache.get_many([key, GENERATION_KEY])
    identity = found.get(key)
    if identity is None or identity["generation"] != found.get(GENERATION_KEY):
        return None
    return identity


def page_identity(request, report, council):
    """For a published report (already checked visible to this person): what shapes its
    page, kept for the next requests. None for any other report."""
    if report.status != ReportStatus.PUBLISHED:
        return None
    generation = cache.get(GENERATION_KEY)  # before looking: a publication meanwhile counts
    newer = (
        Report.objects.visible_to(request.user)
        .filter(supersedes=report)
        .values_list("pk", "status", "published_at")
        .first()
    )
    identity = {
        "pk": report.pk,
        "version": report.version,
        "published_at": report.published_at.isoformat() if report.published_at else "",
        "council": getattr(council, "pk", None),
        "newer": newer,
        "generation": generation,
    }
    key = f"page-id:{_reader(request.user)}:{report.pk}"
    cache.set(key, identity, settings.PAGE_CACHE_SECONDS)
    return identity


def page_etag(request, identity):
    get_token(request)  # the forms' secret: from the cookie, or a new one set with this page
    parts = [
        identity,
        # The questions and notes beside the passages, and whether asking is still open.
        questions_reading.generation(identity["pk"]),
        timezone.localdate().isoformat(),
        _reader(request.user),
        sorted(roles.role_names(request.user)),
        request.META.get("CSRF_COOKIE"),
        get_language(),
        RELEASE,
    ]
    return f'W/"{hashlib.sha256(repr(parts).encode()).hexdigest()[:32]}"'


def cached_page(etag):
    return cache.get(f"page:report:{etag}")


def keep_page(etag, content):
    cache.set(f"page:report:{etag}", content, settings.PAGE_CACHE_SECONDS)


# -- the PDF --------------------------------------------------------------------------------


def known_pdf(user, report_id, council_slug):
    return cache.get(f"pdf-id:{_reader(user)}:{report_id}:{council_slug}")


def pdf_identity(user, pdf):
    """What serving ``pdf`` (already found downloadable by ``user``) needs; kept for the
    next requests when its report is published (its files never change then)."""
    identity = {
        "pk": pdf.pk,
        "sha256": pdf.sha256,
        "name": pdf.file.name,
        "download_name": pdf.download_name,
        "rendered_at": int(pdf.rendered_at.timestamp()) if pdf.rendered_at else None,
    }
    if pdf.report.status == ReportStatus.PUBLISHED:
        key = f"pdf-id:{_reader(user)}:{pdf.report_id}:{pdf.council.slug}"
        cache.set(key, identity, settings.PAGE_CACHE_SECONDS)
    return identity
