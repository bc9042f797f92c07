"""The council portal: the start page, the council's list of reports, the report page (from
the cache once published) and the PDF downloads. Thin: rules are in the areas below."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import gettext as _

from budget.spreadsheet import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, write_csv, write_xlsx
from duoplus.core import audit, two_factor
from duoplus.core import roles as role_helpers
from duoplus.core.audit import AuditAction, AuditResult
from duoplus.core.models import Role
from reports.core.access import visible_report
from reports.core.models import Report, ReportStatus
from reports.questions import reading as questions_reading
from reports.review import page
from reports.review import selectors as review_selectors
from reports.review.models import ReportPDF
from reports.review.rendering import pdf_storage
from reports.writing import policy as writing_policy
from reports.writing import selectors as writing_selectors

from . import caching, selectors
from .forms import CoordinationFilterForm


@login_required
def home(request):
    """The start page: one section per role the user holds."""
    user = request.user
    names = role_helpers.role_names(user)
    internal = role_helpers.is_internal(user)
    context = {"sections": names, "today": timezone.localdate()}
    if internal:
        context["reports"] = (
            Report.objects.visible_to(user)
            .exclude(status=ReportStatus.PUBLISHED)
            .select_related("organisation")
            .order_by("-year", "-period_end")
        )
    if Role.EDITOR in names or Role.COORDINATOR in names:
        context["my_entries"] = writing_selectors.my_entries(user=user)
        context["coordinated"] = writing_selectors.coordination_summary(user=user)
    if Role.BOARD in names:
        context["to_review"] = review_selectors.awaiting_review(user=user)
    if names & role_helpers.COUNCIL_ROLES:
        context["council_reports"] = selectors.council_reports(user=user)
    context["published"] = (
        Report.objects.visible_to(user)
        .filter(status=ReportStatus.PUBLISHED)
        .with_replacement()
        .order_by("-published_at")[:10]
        if internal
        else []
    )
    context["offer_second_step"] = not two_factor.has_device(user)
    return render(request, "portal/home.html", context)


@login_required
def my_work(request):
    """Mijn werk: the entries I write, grouped by report; for a coordinator the open reports
    with their progress and one report's entries (filtered by state and person); for a board
    member what awaits their approval."""
    user = request.user
    context = {
        "mine": writing_selectors.my_entries(user=user),
        "today": timezone.localdate(),
        "to_review": review_selectors.awaiting_review(user=user)
        if role_helpers.has_role(user, Role.BOARD)
        else [],
    }
    summaries = writing_selectors.coordination_summary(user=user)
    if summaries:
        selected = summaries[0]
        wanted = request.GET.get("rapportage", "")
        selected = next((r for r in summaries if str(r.pk) == wanted), selected)
        form = CoordinationFilterForm(
            request.GET or None,
            reports=summaries,
            people=writing_selectors.coordination_people(report=selected),
        )
        valid = form.is_valid()
        (progress,) = writing_selectors.coordination(
            user=user,
            report=selected,
            state=form.cleaned_data.get("status", "") if valid else "",
            person=form.cleaned_data.get("persoon") if valid else None,
        )
        context.update(
            {"summaries": summaries, "selected": selected, "form": form, "progress": progress}
        )
    return render(request, "portal/my_work.html", context)


@login_required
def council_list(request):
    if not role_helpers.council_organisation_ids(request.user):
        raise Http404
    return render(
        request,
        "portal/council_list.html",
        {"council_reports": selectors.council_reports(user=request.user)},
    )


@login_required
def report_detail(request, pk):
    """The report page. A published report never changes: a browser that has the page gets
    304 (ETag), otherwise it comes from the cache; both only after this person's access
    check has passed (now, or earlier with the same memberships: caching.py)."""
    report = council = None
    identity = None if caching.pending_messages(request) else caching.known_page(request, pk)
    if identity is None:
        report = visible_report(request, pk)
        council = writing_policy.reading_council(user=request.user, report=report)
        if not caching.pending_messages(request):
            identity = caching.page_identity(request, report, council)
        if identity is None:
            return page.render_page(
                request,
                report,
                council=council,
                asides=questions_reading.asides(user=request.user, report=report),
            )
    etag = caching.page_etag(request, identity)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        content = caching.cached_page(etag)
        if content is None:
            if report is None:
                report = visible_report(request, pk)
                council = writing_policy.reading_council(user=request.user, report=report)
            response = page.render_page(
                request,
                report,
                council=council,
                asides=questions_reading.asides(user=request.user, report=report),
            )
            caching.keep_page(etag, response.content)
        else:
            response = HttpResponse(content)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
def pdf_download(request, pk, council):
    """Serve one rendered PDF; the right is checked on every request (for a published report
    possibly from the cache, keyed on the person's current memberships: caching.py)."""
    ip = audit.client_ip(request)
    known = caching.known_pdf(request.user, pk, council)
    if known is None:
        pdf = (
            ReportPDF.objects.downloadable_by(request.user)
            .select_related("report", "council")
            .filter(report_id=pk, council__slug=council)
            .order_by("pk")  # not the model's ordering across three tables
            .first()
        )
        if pdf is None:
            audit.refusal(
                AuditAction.PDF_DOWNLOAD,
                request=request,
                result=AuditResult.NOT_FOUND,
                object_type="review.reportpdf",
                report_id=str(pk),
                council=council[:60],
            )
            raise Http404(_("Dit bestand bestaat niet of u heeft er geen toegang toe."))
        known = caching.pdf_identity(request.user, pdf)
    # The file never changes (its checksum is its name): a browser that has it gets 304.
    etag = f'"{known["sha256"]}"'
    conditional = get_conditional_response(request, etag=etag, last_modified=known["rendered_at"])
    if conditional is not None:
        conditional["ETag"] = etag
        conditional["Cache-Control"] = "private, no-cache"
        return conditional
    audit.record(
        AuditAction.PDF_DOWNLOAD,
        actor=request.user,
        ip=ip,
        object_type="review.reportpdf",
        object_id=known["pk"],
        sha256=known["sha256"],
    )
    # Streamed: gunicorn hands the open file to the kernel (sendfile), not through Python.
    storage = pdf_storage()
    response = FileResponse(
        storage.open(known["name"], "rb"),
        as_attachment=True,
        filename=known["download_name"],
        content_type="application/pdf",
    )
    response["X-Content-SHA256"] = known["sha256"]
    response["ETag"] = etag
    if known["rendered_at"]:
        response["Last-Modified"] = http_date(known["rendered_at"])
    response["Cache-Control"] = "private, no-cache"
    return response


EXPORT_FORMATS = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


@login_required
def budget_export(request, pk, fmt):
    """The report's budget lines as CSV or XLSX, in the columns the import reads: from
    submission on as frozen then; a council member gets their own council's variant."""
    if fmt not in EXPORT_FORMATS:
        raise Http404
    report = visible_report(request, pk)
    council = writing_policy.reading_council(user=request.user, report=report)
    data = review_selectors.report_export(report=report, council=council)
    content_type = EXPORT_FORMATS[fmt]
    body = write_csv(data) if fmt == "csv" else write_xlsx(data, timestamp=report.submitted_at)
    audit.record(
        AuditAction.BUDGET_EXPORT,
        actor=request.user,
        obj=report,
        ip=audit.client_ip(request),
        format=fmt,
        council=council.slug if council else "",
    )
    response = HttpResponse(body, content_type=content_type)
    name = report.file_name(_("begrotingswijzigingen"), council=council)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{fmt}")
    response["Cache-Control"] = "private, no-store"
    return response
