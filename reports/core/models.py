"""The report core, below every area: the report (kind, purpose, status, its version and
the letter's fields), who may see it (``ReportQuerySet.visible_to``), who reads it
internally, and when its content is frozen. Writing, budget, review, the zienswijzen, the
technische vragen, the calendar, the portal and search all build on it.

The table keeps its first name (``writing_report``): the model moved here from the writing
area without the database noticing."""

import re

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from duoplus.core import roles
from duoplus.core.bounds import validate_single_line


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Voortgangsrapportage")
    ANNUAL = "annual", _("Jaarstukken")
    BUDGET = "budget", _("Begroting")
    BUDGET_CHANGE = "budget_change", _("Begrotingswijziging")
    FRAMEWORK = "framework", _("Kaderbrief")


class Purpose(models.TextChoices):
    INFORMATION = "information", _("ter kennisname")
    DECISION = "decision", _("ter besluitvorming")
    # The councils are asked for their view within the legal term (Wgr art. 35): only for
    # a begroting, a begrotingswijziging and a kaderbrief (reports.consultation).
    CONSULTATION = "consultation", _("ter zienswijze")


class ReportStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")
    APPROVED = "approved", _("Goedgekeurd")
    PUBLISHED = "published", _("Gepubliceerd")


def internal_reports_condition(user) -> Q | None:
    """Who reads a report internally, as a condition: reports of, or addressed to, an
    organisation in which ``user`` works (not as a council member); None when the user has
    no such role. The same rule for reports, their files and the calendar's rounds; for one
    report in hand, ``Report.is_read_internally_by`` says the same without a query."""
    internal = roles.internal_organisation_ids(user)
    if not internal:
        return None
    return Q(organisation_id__in=internal) | Q(recipients__in=internal)


def council_reports_condition(user) -> Q | None:
    """Published reports addressed to a council ``user`` sits on; None when they sit on none."""
    council = roles.council_organisation_ids(user)
    if not council:
        return None
    return Q(status=ReportStatus.PUBLISHED, recipients__in=council)


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one rule for who may see a report (pages, downloads and exports use it).

        Staff (editors, coordinators, functional admins) and board members of the
        executing organisation or of a receiving municipality see every status; council
        members see only published reports addressed to their own council.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        condition = Q(pk__in=[])
        for part in (internal_reports_condition(user), council_reports_condition(user)):
            if part is not None:
                condition |= part
        return self.filter(pk__in=Report.objects.filter(condition).values("pk"))

    def with_replacement(self):
        """Each report with ``replaced_by_version``: the version of the published report
        that supersedes it, or None."""
        newer = Report.objects.filter(supersedes=OuterRef("pk"), status=ReportStatus.PUBLISHED)
        return self.annotate(replaced_by_version=Subquery(newer.values("version")[:1]))

    def public(self):
        """Published reports that anyone may read, without logging in."""
        return self.filter(status=ReportStatus.PUBLISHED, is_public=True)

    def published_for_council(self, user):
        """Published reports addressed to the council(s) ``user`` sits on, newest first."""
        condition = council_reports_condition(user)
        if condition is None:
            return self.none()
        ids = Report.objects.filter(condition)
        return self.filter(pk__in=ids.values("pk")).order_by("-published_at", "-id")


class Report(models.Model):
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("opgesteld door"),
    )
    title = models.CharField(_("titel"), max_length=250, validators=[validate_single_line])
    kind = models.CharField(_("soort"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("jaar"))
    period_start = models.DateField(_("periode van"))
    period_end = models.DateField(_("periode tot en met"))
    purpose = models.CharField(
        _("doel"), max_length=20, choices=Purpose.choices, default=Purpose.INFORMATION
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.CONCEPT
    )
    recipients = models.ManyToManyField(
        "core.Organisation",
        related_name="received_reports",
        verbose_name=_("voor de raden van"),
        limit_choices_to={"kind": "municipality"},
    )
    version = models.PositiveIntegerField(_("versie"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("vervangt"),
    )
    # How often the report has been submitted to the directieberaad: approvals and the
    # council PDFs belong to one submission; a send-back and a new submission start anew.
    submission = models.PositiveIntegerField(_("indiening"), default=0)
    deadline = models.DateField(_("inleverdatum teksten"), null=True, blank=True)
    # The covering letter to each council (raadsinformatiebrief); the financial paragraph
    # is made per municipality from the budget tables.
    letter_reason = models.TextField(
        _("aanleiding"),
        blank=True,
        help_text=_("Waarom de raad deze rapportage krijgt: periode, aanleiding, vervolg."),
    )
    letter_summary = models.TextField(
        _("kern van de rapportage"),
        blank=True,
        help_text=_("De belangrijkste ontwikkelingen in het kort."),
    )
    letter_risks = models.TextField(
        _("overige gevolgen en risico’s"),
        blank=True,
        help_text=_("Gevolgen en risico’s naast de financiële (die worden per gemeente berekend)."),
    )
    letter_decision = models.TextField(
        _("beslispunten"),
        blank=True,
        help_text=_("Wat de raad wordt gevraagd te besluiten (bij ‘ter besluitvorming’)."),
    )
    letter_reference = models.CharField(
        _("kenmerk"),
        max_length=60,
        blank=True,
        help_text=_("Het kenmerk van de brief. Leeg: het portaal maakt er een."),
    )
    letter_contact = models.CharField(
        _("contactpersoon"),
        max_length=200,
        blank=True,
        help_text=_("Naam en e-mailadres of telefoonnummer van wie vragen beantwoordt."),
    )
    correction_note = models.TextField(
        _("wat is gecorrigeerd"),
        blank=True,
        help_text=_("Bij een gecorrigeerde versie: wat er anders is dan in de vorige versie."),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    # Decided by the coordinator at publication (default: the organisation's setting):
    # readable by anyone at /openbaar/<id>/, with its PDFs and, once public, the answers to
    # the technische vragen and the zienswijzen (reports.portal.public).
    is_public = models.BooleanField(_("openbaar"), default=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        db_table = "writing_report"
        ordering = ["-year", "-period_end", "-id"]
        verbose_name = _("rapportage")
        verbose_name_plural = _("rapportages")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_period_order"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_concept(self):
        return self.status == ReportStatus.CONCEPT

    @property
    def status_label(self) -> str:
        """The status as people read it: a published report that went ter zienswijze says
        so (its publication is the sending; "gepubliceerd" alone hides the procedure)."""
        if self.status == ReportStatus.PUBLISHED and self.purpose == Purpose.CONSULTATION:
            return str(_("Ter zienswijze verzonden"))
        return str(self.get_status_display())

    @property
    def is_frozen(self):
        """From submission on the content is frozen: nothing in it changes any more (sent
        back, it is a concept again; published, it never changes: a correction is a new
        version)."""
        return self.status != ReportStatus.CONCEPT

    def is_superseded(self) -> bool:
        """A published correction replaces this version (its readers go to the newer one)."""
        return Report.objects.filter(supersedes=self, status=ReportStatus.PUBLISHED).exists()

    def is_read_internally_by(self, user) -> bool:
        """Whether ``user`` reads this report internally: staff or board of its executing
        organisation or of a receiving one (``internal_reports_condition`` for one report;
        the recipients are read once, so a prefetch serves it)."""
        internal = roles.internal_organisation_ids(user)
        return self.organisation_id in internal or any(
            o.pk in internal for o in self.recipients.all()
        )

    @property
    def version_label(self):
        """ "versie 2" for a correction; empty for the first version."""
        return _("versie %(number)s") % {"number": self.version} if self.version > 1 else ""

    @property
    def display_title(self):
        """The title as lists and headings show it: ``… (versie 2)`` for a correction."""
        return f"{self.title} ({self.version_label})" if self.version > 1 else self.title

    @property
    def reference(self):
        """The letter's kenmerk: as the coordinator wrote it, or one made from the report."""
        return self.letter_reference or f"{self.organisation.name}/{self.year}/{self.pk}"

    def file_name(self, *prefix, council=None):
        """A file name without extension that tells reports, versions and councils apart:
        ``Eerste-voortgangsrapportage-2022-versie-2-Diemen``."""
        parts = [*prefix, self.title, self.version_label, council.name if council else ""]
        words = re.sub(r"[^\w]+", "-", " ".join(str(p) for p in parts if p))
        return words.strip("-")[:150]


# The covering letter's texts, as the coordinator writes them (Markdown subset) ...
LETTER_FIELDS = (
    "letter_reason",
    "letter_summary",
    "letter_risks",
    "letter_decision",
    "correction_note",
)
# ... and its single lines.
LETTER_LINES = ("letter_reference", "letter_contact")
