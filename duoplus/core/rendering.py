"""Rendering one stored document (``StoredDocument``): the work of the one render task
(``tasks.render_document``), here so it can be called and tested without a queue. Queueing,
"opnieuw maken" and the sweep are in ``documents.py``.

Each kind of document registers what to render for a row (:class:`Rendering`: template,
context, the name to store it under) and which of its rows the sweep looks after. The rest
is the same for all: a compare-and-set claim (a document is made by one job at a time; the
same job delivered again after its worker died may take it up), the file written and
checksummed before the row says "ready" (never a half file), a document once made remade
byte for byte or refused, and after DOCUMENT_MAX_ATTEMPTS failed or broken-off attempts the
document is failed, not tried for ever."""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import DatabaseError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import pdf
from .models import DocumentStatus, StoredDocument

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendering:
    template: str
    context: dict[str, Any]
    # Where it is stored, without extension: the checksum's start is added
    # ("reports/12/v1/r1/diemen" → "reports/12/v1/r1/diemen-0123456789ab.pdf").
    name: str


@dataclass(frozen=True)
class Kind:
    label: str
    model: type[StoredDocument]
    # What to render for a row; None when it is no longer wanted (a report sent back).
    prepare: Callable[[Any], Rendering | None]
    # The storage folder only this kind writes to: a file there that no row points to is
    # removed by the sweep.
    folder: str
    # The rows the sweep looks after (default: all).
    sweepable: Callable[[QuerySet[Any]], QuerySet[Any]] = field(default=lambda rows: rows)


_KINDS: dict[str, Kind] = {}


def register(
    model: type[StoredDocument],
    *,
    prepare: Callable[[Any], Rendering | None],
    folder: str,
    sweepable: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None,
) -> str:
    """Make ``model``'s rows documents the one task renders; returns its label."""
    label = model._meta.label_lower
    _KINDS[label] = Kind(
        label=label,
        model=model,
        prepare=prepare,
        folder=folder.strip("/"),
        sweepable=sweepable or (lambda rows: rows),
    )
    return label


def kind_of(document: StoredDocument) -> Kind:
    return _KINDS[type(document)._meta.label_lower]


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.label)


def storage_of(model: type[StoredDocument]) -> Storage:
    """The private storage a kind's files are in (its file field's: one for all kinds)."""
    return model._meta.get_field("file").storage


def render(*, label: str, pk: int, job: str = "") -> int | None:
    """Make one document and store it. Returns its pk once ready, None when there was
    nothing to do (made already, no longer wanted, taken by another job, failed). A render
    that fails is recorded (tried again later, or failed) and its error raised."""
    kind = _KINDS[label]
    model = kind.model
    job = job or f"direct-{uuid.uuid4().hex}"
    document = model._default_manager.filter(pk=pk).first()
    if document is None or document.status in (DocumentStatus.READY, DocumentStatus.FAILED):
        return None
    rendering = kind.prepare(document)
    if rendering is None:
        logger.info("document %s %s is no longer wanted", label, pk)
        return None
    if not _claim(model, pk, job):
        return None
    document.refresh_from_db()
    try:
        _html, data = pdf.render_pdf(rendering.template, rendering.context)
    except DatabaseError:
        raise  # away for a moment: the job tries again (the row says it is being made)
    except Exception as exc:
        record_failure(label=label, pk=pk, message=str(exc) or type(exc).__name__)
        logger.error("document %s %s failed: %s", label, pk, exc, exc_info=exc)
        raise
    digest = pdf.sha256(data)
    if document.sha256 and document.sha256 != digest:
        # A lost file made again must be the very file that was made (and perhaps approved).
        record_failure(
            label=label,
            pk=pk,
            message=_(
                "De opnieuw gemaakte pdf wijkt af van de eerder gemaakte (controlegetal %(sha)s)."
            )
            % {"sha": digest[:12]},
            final=True,
        )
        return None
    return _store(model, pk, name=f"{rendering.name}-{digest[:12]}.pdf", data=data, digest=digest)


def _claim(model: type[StoredDocument], pk: int, job: str) -> bool:
    """Compare and set: a queued document, or one this very job had taken (delivered again
    after its worker died, or retried after a database error), becomes this job's. Each
    claim is an attempt; one that was broken off too often is failed instead."""
    now = timezone.now()
    mine = Q(status=DocumentStatus.QUEUED) | Q(status=DocumentStatus.RENDERING, job=job)
    claimed = model._default_manager.filter(
        mine, pk=pk, attempts__lt=settings.DOCUMENT_MAX_ATTEMPTS
    ).update(
        status=DocumentStatus.RENDERING,
        job=job,
        attempts=F("attempts") + 1,
        status_changed_at=now,
    )
    if claimed:
        return True
    model._default_manager.filter(mine, pk=pk, attempts__gte=settings.DOCUMENT_MAX_ATTEMPTS).update(
        status=DocumentStatus.FAILED,
        job="",
        error=_("Het maken is %(n)s keer afgebroken.") % {"n": settings.DOCUMENT_MAX_ATTEMPTS},
        status_changed_at=now,
    )
    return False


def _store(
    model: type[StoredDocument], pk: int, *, name: str, data: bytes, digest: str
) -> int | None:
    """Write the file (once: the same bytes have the same name), then, under the row's lock,
    say it is ready. A row gone meanwhile (sent back) leaves no file behind."""
    files = storage_of(model)
    if not files.exists(name):
        name = files.save(name, ContentFile(data))
    with transaction.atomic():
        row = model._default_manager.select_for_update().filter(pk=pk).order_by("pk").first()
        if row is None:
            transaction.on_commit(lambda: files.delete(name))
            return None
        if row.status == DocumentStatus.READY:
            return row.pk
        now = timezone.now()
        row.file.name = name
        row.sha256 = digest
        row.size = len(data)
        row.status = DocumentStatus.READY
        row.job = ""
        row.error = ""
        row.status_changed_at = now
        row.rendered_at = now
        row.save()
    logger.info("document %s ready (%s bytes, sha256 %s)", name, len(data), digest)
    return pk


def record_failure(*, label: str, pk: int, message: str, final: bool = False) -> None:
    """A render that failed: queued for another attempt (the sweep takes it up after
    PDF_STUCK_SECONDS), or failed for good after DOCUMENT_MAX_ATTEMPTS or when ``final``."""
    model = _KINDS[label].model
    try:
        row = model._default_manager.filter(pk=pk).only("attempts").first()
        if row is None:
            return
        failed = final or row.attempts >= settings.DOCUMENT_MAX_ATTEMPTS
        model._default_manager.filter(pk=pk).exclude(status=DocumentStatus.READY).update(
            status=DocumentStatus.FAILED if failed else DocumentStatus.QUEUED,
            job="",
            error=str(message)[:2000],
            status_changed_at=timezone.now(),
        )
    except DatabaseError:
        logger.warning("document %s %s: could not record its failure (database away)", label, pk)
