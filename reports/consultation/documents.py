"""The documents of the zienswijze procedure, rendered to tagged PDF by a worker: the
appendix for the bestuur (every zienswijze with Duo+'s reaction) and, after the decision,
one letter per council on how its zienswijze was handled. Made and kept by the core's one
document store (duoplus.core.documents): privately, with their checksum, once."""

from typing import Any

from duoplus.core import rendering
from duoplus.core.rendering import Rendering

from . import selectors
from .models import ConsultationDocument, DocumentKind

TEMPLATES = {
    DocumentKind.APPENDIX: "consultation/pdf/appendix.html",
    DocumentKind.LETTER: "consultation/pdf/letter.html",
}
# Only these documents are written here (a griffie's raadsbesluit is kept elsewhere).
FOLDER = "zienswijzen-documenten"


def context(*, document: ConsultationDocument) -> dict[str, Any]:
    consultation = document.consultation
    rows = selectors.answers_with_reactions(consultation=consultation)
    return {
        "document": document,
        "consultation": consultation,
        "report": consultation.report,
        "council": document.council,
        "rows": rows,
        "own": next((r for r in rows if r.council.pk == document.council_id), None),
    }


def prepare(document: ConsultationDocument) -> Rendering:
    slug = document.council.slug if document.council else "bestuur"
    return Rendering(
        template=TEMPLATES[DocumentKind(document.kind)],
        context=context(document=document),
        name=f"{FOLDER}/{document.consultation_id}/{document.kind}-{slug}",
    )


LABEL = rendering.register(ConsultationDocument, prepare=prepare, folder=FOLDER)


def download_name(document: ConsultationDocument) -> str:
    report = document.consultation.report
    base = f"{report.organisation.slug}-{report.year}-{report.kind}"
    if document.kind == DocumentKind.APPENDIX:
        return f"{base}-zienswijzen-en-reacties.pdf"
    return f"{base}-brief-zienswijze-{document.council.slug if document.council else ''}.pdf"
