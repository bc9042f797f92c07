"""Openbaar: published reports the coordinator made public, for anyone without logging in
(Wet open overheid: actively published). A stable address per report (/openbaar/<id>/),
the content as approved (every municipality's share), the council PDFs, and once public
the answers to the technische vragen and the zienswijzen with Duo+'s reactions. Nothing
else is reachable here: every view starts from ``Report.objects.public()``."""

from django.http import FileResponse, Http404
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _

from reports.consultation import selectors as consultation_selectors
from reports.core.models import Report
from reports.questions import selectors as question_selectors
from reports.review import selectors as review_selectors
from reports.review.models import ReportPDF
from reports.review.rendering import pdf_storage

PUBLIC_CACHE_SECONDS = 300


def _public_report(pk: int) -> Report:
    report = (
        Report.objects.public().with_replacement().select_related("organisation").filter(pk=pk)
    ).first()
    if report is None:
        raise Http404(_("Deze rapportage bestaat niet of is niet openbaar."))
    return report


def public_list(request):
    reports = (
        Report.objects.public()
        .with_replacement()
        .select_related("organisation")
        .order_by("-published_at", "-pk")
    )
    response = render(request, "portal/public_list.html", {"reports": reports})
    patch_cache_control(response, public=True, max_age=PUBLIC_CACHE_SECONDS)
    return response


def public_report(request, pk):
    report = _public_report(pk)
    document = review_selectors.report_document(report=report)
    response = render(
        request,
        "portal/public_report.html",
        {
            **document,
            "report": report,
            "pdfs": ReportPDF.objects.ready()
            .filter(report=report)
            .select_related("council")
            .order_by("council__order", "council__name"),
            "answers": question_selectors.public_answers(report=report),
            "zienswijzen": consultation_selectors.public_states(report=report),
        },
    )
    patch_cache_control(response, public=True, max_age=PUBLIC_CACHE_SECONDS)
    return response


def public_pdf(request, pk, council):
    report = _public_report(pk)
    pdf = (
        ReportPDF.objects.ready()
        .filter(report=report, council__slug=council)
        .select_related("council", "report")
        .first()
    )
    if pdf is None:
        raise Http404(_("Dit bestand bestaat niet of is niet openbaar."))
    etag = f'"{pdf.sha256}"'
    response: HttpResponseBase | None = get_conditional_response(request, etag=etag)
    if response is None:
        response = FileResponse(
            pdf_storage().open(pdf.file.name, "rb"),
            as_attachment=True,
            filename=pdf.download_name,
            content_type="application/pdf",
        )
        response["X-Content-SHA256"] = pdf.sha256
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=PUBLIC_CACHE_SECONDS)
    return response
