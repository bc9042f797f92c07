"""The document "Beantwoording technische vragen" of one report: every question with the
answer as released, rendered to tagged PDF by a worker once the question round has closed,
made and kept by the core's one document store (duoplus.core.documents): privately, with
its checksum, once."""

from duoplus.core import rendering
from duoplus.core.rendering import Rendering

from . import selectors
from .models import Question, QuestionDocument

TEMPLATE = "questions/pdf/answers.html"


def rows(*, report) -> list[Question]:
    questions = list(
        Question.objects.filter(report=report)
        .select_related("asked_by", "council", "merged_into")
        .prefetch_related("answers", "merged_into__answers")
        .order_by("asked_at", "id")
    )
    for question in questions:
        question.current_answer = selectors.current_answer(question)
    return questions


def prepare(document: QuestionDocument) -> Rendering:
    report = document.report
    return Rendering(
        template=TEMPLATE,
        context={"report": report, "document": document, "questions": rows(report=report)},
        name=f"vragen/{report.pk}/beantwoording",
    )


LABEL = rendering.register(QuestionDocument, prepare=prepare, folder="vragen")
