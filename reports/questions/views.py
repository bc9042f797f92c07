"""The pages of the technische vragen, under /rapportages/<pk>/vragen/: the list "Vragen en
antwoorden" (with the form to ask), one question with its answer, the CSV for the griffies,
and one's private notes. Thin: parse a form, call one service, answer; a refusal comes back
as the form's error with what was typed kept."""

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duoplus.core import audit, documents
from duoplus.core.audit import AuditAction, AuditResult
from duoplus.core.bounds import bounded_int
from duoplus.core.downloads import private_file
from duoplus.core.forms import refusals_as_errors
from duoplus.core.models import DocumentStatus, Role
from reports.core.access import visible_report
from reports.core.models import Report

from . import policy, selectors, services
from .forms import AnswerForm, AskForm, AssignForm, ClosingForm, MergeForm, NoteForm
from .models import Question, QuestionDocument, QuestionRound, QuestionState


def _not_found(request: HttpRequest, **detail: Any) -> Http404:
    audit.refusal(
        AuditAction.QUESTION_VIEW,
        request=request,
        result=AuditResult.NOT_FOUND,
        object_type="questions.question",
        **detail,
    )
    return Http404(_("Deze vraag bestaat niet of u heeft er geen toegang toe."))


def _report(request: HttpRequest, pk: int) -> Report:
    report = visible_report(request, pk)
    if not policy.can_read(user=request.user, report=report):
        raise _not_found(request, report_id=str(pk))
    return report


def _question(request: HttpRequest, report: Report, qid: int) -> Question:
    question = selectors.visible_questions(user=request.user, report=report).filter(pk=qid).first()
    if question is None:
        raise _not_found(request, report_id=str(report.pk), question=str(qid))
    question.report = report
    return question


def _list_url(report: Report) -> str:
    return reverse("reports:questions", args=[report.pk])


def _question_url(question: Question) -> str:
    return reverse("reports:question", args=[question.report_id, question.pk])


@login_required
def question_list(request, pk, ask_form=None, closing_form=None, status=200):
    """Vragen en antwoorden: every question the person may see, filtered by passage,
    council and state; the form to ask (while it is open); the coordinator's closing date."""
    report = _report(request, pk)
    user, today = request.user, timezone.localdate()
    round = QuestionRound.objects.filter(report=report).first()
    made = QuestionDocument.objects.filter(report=report).first()
    found = selectors.passages(report=report)
    labels = {p.key: p for p in found}
    chosen = {
        "passage": (request.GET.get("passage") or "")[:80],
        "council": (request.GET.get("raad") or "")[:60],
        "state": (request.GET.get("status") or "")[:20],
    }
    questions = list(
        selectors.filtered(
            selectors.visible_questions(user=user, report=report),
            passage=chosen["passage"],
            council=chosen["council"],
            state=chosen["state"],
        )
    )
    for question in questions:
        question.anchor = labels[question.passage].anchor if question.passage in labels else ""
        question.current_answer = selectors.current_answer(question)
    can_ask = policy.can_ask(user=user, report=report, today=today, round=round)
    context = {
        "report": report,
        "questions": questions,
        "passages": found,
        "councils": report.recipients.all(),
        "states": [*QuestionState.choices, (selectors.LATE, _("Antwoord te laat"))]
        if policy.can_manage(user=user, report=report)
        else QuestionState.choices,
        "chosen": chosen,
        "closes_on": policy.closing_date(report=report, round=round),
        "round": round,
        "can_ask": can_ask,
        "ask_form": ask_form
        or (AskForm(passages=found, initial={"passage": chosen["passage"]}) if can_ask else None),
        "can_manage": policy.can_manage(user=user, report=report),
        "closing_form": closing_form
        or ClosingForm(
            initial={
                "closes_on": round.closes_on if round else None,
                "first_council_meeting": round.first_council_meeting if round else None,
            }
        ),
        "can_keep_notes": policy.can_keep_notes(user=user, report=report),
        "document": made if made is not None and made.status == DocumentStatus.READY else None,
        "document_state": documents.described(made)
        if made is not None and policy.can_manage(user=user, report=report)
        else None,
        "today": today,
    }
    return render(request, "questions/list.html", context, status=status)


@login_required
@require_POST
def ask(request, pk):
    report = _report(request, pk)
    form = AskForm(request.POST, passages=selectors.passages(report=report))
    if form.is_valid():
        question = refusals_as_errors(
            form,
            services.ask_question,
            report=report,
            user=request.user,
            passage=form.cleaned_data["passage"],
            text=form.cleaned_data["text"],
            ip=audit.client_ip(request),
        )
        if question is not None:
            messages.success(
                request,
                _("Uw vraag is gesteld. U krijgt een e-mail zodra het antwoord er is."),
            )
            return redirect(_question_url(question))
    return question_list(request, pk, ask_form=form, status=400)


@login_required
@require_POST
def set_closing(request, pk):
    report = _report(request, pk)
    form = ClosingForm(request.POST)
    if form.is_valid() and refusals_as_errors(
        form,
        services.set_closing,
        report=report,
        user=request.user,
        closes_on=form.cleaned_data["closes_on"],
        first_council_meeting=form.cleaned_data["first_council_meeting"],
        ip=audit.client_ip(request),
    ):
        messages.success(request, _("De sluitingsdatum voor vragen is opgeslagen."))
        return redirect(_list_url(report))
    return question_list(request, pk, closing_form=form, status=400)


def _people(report: Report):
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation=report.organisation_id,
            memberships__role__in=[Role.EDITOR, Role.COORDINATOR],
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


@login_required
def question_detail(request, pk, qid, **forms):
    report = _report(request, pk)
    question = _question(request, report, qid)
    user = request.user
    manage = policy.can_manage(user=user, report=report)
    labels = {p.key: p for p in selectors.passages(report=report)}
    answered_by = question.merged_into if question.merged_into_id else question
    others = (
        Question.objects.filter(report=report)
        .exclude(pk=question.pk)
        .exclude(state=QuestionState.MERGED)
        .order_by("asked_at")
        if manage
        else []
    )
    answers = list(answered_by.answers.order_by("version")) if answered_by else []
    context = {
        "report": report,
        "question": question,
        "passage": labels.get(question.passage),
        "answers": answers,
        "draft_unreleased": selectors.draft_unreleased(question=question, answers=answers),
        "answered_by": answered_by,
        "can_manage": manage,
        "can_write": policy.can_write_answer(user=user, question=question),
        "can_release": policy.can_release(user=user, question=question),
        "assign_form": forms.get("assign_form")
        or AssignForm(
            people=_people(report),
            initial={"assignee": question.assigned_to_id, "due_on": question.due_on},
        ),
        "answer_form": forms.get("answer_form")
        or AnswerForm(initial={"text": question.draft, "version": question.draft_version}),
        "merge_form": forms.get("merge_form") or MergeForm(others=others),
        "today": timezone.localdate(),
    }
    return render(request, "questions/detail.html", context, status=forms.get("status", 200))


@login_required
@require_POST
def assign(request, pk, qid):
    report = _report(request, pk)
    question = _question(request, report, qid)
    form = AssignForm(request.POST, people=_people(report))
    if form.is_valid() and refusals_as_errors(
        form,
        services.assign,
        question=question,
        user=request.user,
        assignee=form.cleaned_data["assignee"],
        due_on=form.cleaned_data["due_on"],
        ip=audit.client_ip(request),
    ):
        messages.success(request, _("De vraag is toegewezen."))
        return redirect(_question_url(question))
    return question_detail(request, pk, qid, assign_form=form, status=400)


@login_required
@require_POST
def save_answer(request, pk, qid):
    report = _report(request, pk)
    question = _question(request, report, qid)
    form = AnswerForm(request.POST)
    if form.is_valid() and refusals_as_errors(
        form,
        services.save_draft,
        question=question,
        user=request.user,
        text=form.cleaned_data["text"],
        version=form.cleaned_data["version"],
        ip=audit.client_ip(request),
    ):
        messages.success(request, _("Het antwoord is opgeslagen (nog niet vrijgegeven)."))
        return redirect(_question_url(question))
    return question_detail(request, pk, qid, answer_form=form, status=400)


@login_required
@require_POST
def release(request, pk, qid):
    report = _report(request, pk)
    question = _question(request, report, qid)
    try:
        services.release(question=question, user=request.user, ip=audit.client_ip(request))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Het antwoord is vrijgegeven; alle raden kunnen het nu lezen."))
    return redirect(_question_url(question))


@login_required
@require_POST
def merge(request, pk, qid):
    report = _report(request, pk)
    question = _question(request, report, qid)
    others = Question.objects.filter(report=report).exclude(pk=question.pk)
    form = MergeForm(request.POST, others=others)
    if form.is_valid():
        into_pk = bounded_int(form.cleaned_data["into"])
        into = others.filter(pk=into_pk).first() if into_pk is not None else None
        if into is None:
            form.add_error("into", _("Kies de vraag waarmee u deze samenvoegt."))
        elif refusals_as_errors(
            form,
            services.merge,
            question=question,
            into=into,
            user=request.user,
            ip=audit.client_ip(request),
        ):
            messages.success(
                request, _("De vraag is samengevoegd met vraag %(n)s.") % {"n": into.pk}
            )
            return redirect(_question_url(question))
    return question_detail(request, pk, qid, merge_form=form, status=400)


@login_required
def export_csv(request, pk):
    """Beantwoording technische vragen as CSV (for the council information system): the
    questions the person may see, with the current answer."""
    report = _report(request, pk)
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 with its byte order mark
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [
            "nummer",
            "passage",
            "raad",
            "gesteld door",
            "gesteld op",
            "vraag",
            "status",
            "antwoord",
            "versie antwoord",
            "vrijgegeven op",
            "samengevoegd met",
        ]
    )
    for q in selectors.visible_questions(user=request.user, report=report):
        last = selectors.current_answer(q)
        writer.writerow(
            [
                q.pk,
                q.passage_label,
                q.council.name,
                q.asked_by.get_full_name() or q.asked_by.username,
                f"{timezone.localtime(q.asked_at):%d-%m-%Y %H:%M}",
                _safe_cell(q.text),
                q.get_state_display(),
                _safe_cell(last.text) if last else "",
                last.version if last else "",
                f"{timezone.localtime(last.released_at):%d-%m-%Y %H:%M}" if last else "",
                q.merged_into_id or "",
            ]
        )
    audit.record(
        AuditAction.QUESTION_DOWNLOAD,
        actor=request.user,
        ip=audit.client_ip(request),
        object_type="reports.report",
        object_id=report.pk,
        export="csv",
    )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="technische-vragen-{report.organisation.slug}-{report.pk}.csv"'
    )
    response["Cache-Control"] = "private, no-cache"
    return response


def _safe_cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def notes(request, pk):
    """One's own notes beside the passages: nobody else sees them."""
    report = _report(request, pk)
    if not policy.can_keep_notes(user=request.user, report=report):
        raise _not_found(request, report_id=str(pk), notes=True)
    found = selectors.passages(report=report)
    slugs = {p.slug: p.key for p in found}
    status, failed = 200, None
    if request.method == "POST":
        slug = (request.POST.get("notitie") or "")[:90]
        if slug not in slugs:
            raise _not_found(request, report_id=str(pk), notes=True)
        form = NoteForm(request.POST, prefix=slug)
        if form.is_valid():
            try:
                services.save_note(
                    report=report,
                    user=request.user,
                    passage=slugs[slug],
                    text=form.cleaned_data["text"],
                )
            except (ValidationError, PermissionDenied) as exc:
                for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Uw notitie is opgeslagen."))
                return redirect(reverse("reports:notes", args=[pk]) + f"#notitie-{slug}")
        failed, status = (slug, form), 400
    mine = selectors.own_notes(user=request.user, report=report)
    rows = []
    for passage in found:
        slug, note = passage.slug, mine.get(passage.key)
        form = (
            failed[1]
            if failed is not None and failed[0] == slug
            else NoteForm(prefix=slug, initial={"text": note.text if note else ""})
        )
        rows.append({"passage": passage, "note": note, "form": form, "slug": slug})
    return render(request, "questions/notes.html", {"report": report, "rows": rows}, status=status)


@login_required
def document_pdf(request, pk):
    """ "Beantwoording technische vragen" as frozen when the questions closed; audited."""
    report = _report(request, pk)
    document = QuestionDocument.objects.filter(report=report, status=DocumentStatus.READY).first()
    if document is None:
        raise _not_found(request, report_id=str(pk), document=True)
    audit.record(
        AuditAction.QUESTION_DOWNLOAD,
        actor=request.user,
        ip=audit.client_ip(request),
        object_type="questions.questiondocument",
        object_id=document.pk,
        sha256=document.sha256,
    )
    return private_file(
        document.file,
        filename=f"beantwoording-technische-vragen-{report.organisation.slug}-{report.pk}.pdf",
        sha256=document.sha256,
    )


@login_required
@require_POST
def remake_document(request, pk):
    """ "Opnieuw maken" of the answers' document when it failed or got stuck."""
    report = _report(request, pk)
    try:
        services.remake_document(report=report, user=request.user, ip=audit.client_ip(request))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Het document wordt opnieuw gemaakt."))
    return redirect(reverse("reports:questions", args=[report.pk]))
