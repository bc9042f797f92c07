"""Reports, their progress entries, approvals, transitions and rendered PDFs."""

import functools
import re

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from duoplus.models import Role


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Voortgangsrapportage")
    ANNUAL = "annual", _("Jaarstukken")
    BUDGET = "budget", _("Begroting")
    BUDGET_CHANGE = "budget_change", _("Begrotingswijziging")


class Purpose(models.TextChoices):
    INFORMATION = "information", _("ter kennisname")
    DECISION = "decision", _("ter besluitvorming")


class ReportStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    SUBMITTED = "submitted", _("Ingediend")
    APPROVED = "approved", _("Goedgekeurd")
    PUBLISHED = "published", _("Gepubliceerd")


def _private_storage():
    return storages["private"]


INTERNAL_ROLES = (Role.EDITOR, Role.COORDINATOR, Role.ADMIN, Role.BOARD)


def internal_organisation_ids(user):
    """Organisations in which ``user`` works on reports (any role but council member)."""
    from duoplus import roles

    ids = set()
    for role in INTERNAL_ROLES:
        ids |= roles.organisation_ids(user, role)
    return ids


def internal_reports_condition(user):
    """Reports of, or addressed to, an organisation in which ``user`` works (not as a council
    member); None when the user has no such role."""
    internal = internal_organisation_ids(user)
    if not internal:
        return None
    return Q(organisation_id__in=internal) | Q(recipients__in=internal)


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one rule for who may see a report (pages, downloads and exports use it).

        Staff (editors, coordinators, functional admins) and board members of the
        executing organisation or of a receiving municipality see every status; council
        members see only published reports addressed to their own council.
        """
        from duoplus import roles

        if not user.is_authenticated or not user.is_active:
            return self.none()
        internal = internal_reports_condition(user)
        council = roles.organisation_ids(user, Role.COUNCIL)
        condition = Q(pk__in=[])
        if internal is not None:
            condition |= internal
        if council:
            condition |= Q(status=ReportStatus.PUBLISHED, recipients__in=council)
        return self.filter(pk__in=Report.objects.filter(condition).values("pk"))

    def published_for_council(self, user):
        """Published reports addressed to the council(s) ``user`` sits on, newest first."""
        from duoplus import roles

        council = roles.organisation_ids(user, Role.COUNCIL)
        ids = Report.objects.filter(status=ReportStatus.PUBLISHED, recipients__in=council)
        return self.filter(pk__in=ids.values("pk")).order_by("-published_at", "-id")


class Report(models.Model):
    organisation = models.ForeignKey(
        "duoplus.Organisation",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("opgesteld door"),
    )
    title = models.CharField(_("titel"), max_length=250)
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
        "duoplus.Organisation",
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
    review_round = models.PositiveIntegerField(_("beoordelingsronde"), default=0)
    reporting_round = models.OneToOneField(
        "ReportingRound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report",
        verbose_name=_("rapportageronde"),
    )
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
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
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


class RealisationStatus(models.TextChoices):
    """The assessment used for both realisation and budget: always shown with a symbol and
    text, never colour alone."""

    ON_TRACK = "on_track", _("Op schema")
    ATTENTION = "attention", _("Aandacht nodig")
    OFF_TRACK = "off_track", _("Niet op schema")


STATUS_SYMBOLS = {"on_track": "✓", "attention": "!", "off_track": "✗"}


class EntryState(models.TextChoices):
    NOT_STARTED = "not_started", _("Nog niet begonnen")
    DRAFT = "draft", _("In bewerking")
    READY = "ready", _("Klaar voor de coördinator")


# The parts an entry needs before its editor can hand it to the coordinator, in form order.
REQUIRED_PARTS = (
    ("progress", _("Wat hebben we gedaan?")),
    ("costs", _("Wat mag het kosten?")),
    ("status", _("Status realisatie")),
    ("budget_status", _("Status budget")),
)


@functools.lru_cache(maxsize=16)
def _required_labels(language):
    return tuple((name, str(label)) for name, label in REQUIRED_PARTS)


def missing_parts(values):
    """Labels of the required parts that are still empty in ``values`` (an entry or a dict)."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return [
        label for name, label in _required_labels(get_language()) if not (get(name) or "").strip()
    ]


class ProgressEntry(models.Model):
    """One programme's text and status within one report."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="entries", verbose_name=_("rapportage")
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("programma"),
    )
    ambition = models.TextField(
        _("wat willen we bereiken (toelichting)"),
        blank=True,
        help_text=_("Optioneel: wat de doelen van het programma deze periode betekenen."),
    )
    progress = models.TextField(_("wat hebben we gedaan"), blank=True)
    costs = models.TextField(_("wat mag het kosten"), blank=True)
    status = models.CharField(
        _("status realisatie"),
        max_length=20,
        choices=RealisationStatus.choices,
        blank=True,
    )
    budget_status = models.CharField(
        _("status budget"), max_length=20, choices=RealisationStatus.choices, blank=True
    )
    state = models.CharField(
        _("voortgang"), max_length=20, choices=EntryState.choices, default=EntryState.NOT_STARTED
    )
    version = models.PositiveIntegerField(_("versie"), default=0)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gewijzigd door"),
    )

    class Meta:
        ordering = ["report", "programme__order", "programme__name"]
        verbose_name = _("voortgangstekst")
        verbose_name_plural = _("voortgangsteksten")
        constraints = [
            models.UniqueConstraint(fields=["report", "programme"], name="one_entry_per_programme")
        ]

    def __str__(self):
        return f"{self.programme} – {self.report}"

    def get_absolute_url(self):
        return reverse("reports:entry_edit", args=[self.report_id, self.pk])

    @property
    def missing(self):
        return missing_parts(self)

    @property
    def todo(self):
        """What its editor still has to do, in words (empty once ready)."""
        if self.state == EntryState.READY:
            return []
        steps = []
        if self.state == EntryState.NOT_STARTED and any(
            getattr(self, name) for name in ("ambition", "progress", "costs")
        ):
            steps.append(str(_("Tekst uit de vorige rapportage bijwerken")))
        steps += self.missing
        return steps or [str(_("Klaarmelden voor de coördinator"))]

    @property
    def status_symbol(self):
        return STATUS_SYMBOLS.get(self.status, "")

    @property
    def budget_status_symbol(self):
        return STATUS_SYMBOLS.get(self.budget_status, "")


class IndicatorValue(models.Model):
    """The value of one of the programme's indicators in one entry."""

    entry = models.ForeignKey(
        ProgressEntry,
        on_delete=models.CASCADE,
        related_name="indicator_values",
        verbose_name=_("tekst"),
    )
    indicator = models.ForeignKey(
        "programmes.Indicator",
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("indicator"),
    )
    value = models.CharField(_("waarde"), max_length=200, blank=True)

    class Meta:
        ordering = ["entry", "indicator__order", "indicator__id"]
        verbose_name = _("indicatorwaarde")
        verbose_name_plural = _("indicatorwaarden")
        constraints = [
            models.UniqueConstraint(fields=["entry", "indicator"], name="one_value_per_indicator")
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value}"


class EntryRevision(models.Model):
    """Every saved version of an entry: who saved what, when."""

    entry = models.ForeignKey(
        ProgressEntry, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("tekst")
    )
    version = models.PositiveIntegerField(_("versie"))
    ambition = models.TextField(_("wat willen we bereiken (toelichting)"), blank=True)
    progress = models.TextField(_("wat hebben we gedaan"), blank=True)
    costs = models.TextField(_("wat mag het kosten"), blank=True)
    status = models.CharField(
        _("status realisatie"), max_length=20, choices=RealisationStatus.choices, blank=True
    )
    budget_status = models.CharField(
        _("status budget"), max_length=20, choices=RealisationStatus.choices, blank=True
    )
    state = models.CharField(
        _("voortgang"), max_length=20, choices=EntryState.choices, default=EntryState.DRAFT
    )
    indicators = models.JSONField(
        _("indicatoren"), default=dict, blank=True, help_text=_("Indicator-id → waarde.")
    )
    restored_from = models.PositiveIntegerField(_("teruggezet vanaf versie"), null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("opgeslagen door"),
    )
    saved_at = models.DateTimeField(_("opgeslagen op"), auto_now_add=True)

    class Meta:
        ordering = ["entry", "-version"]
        verbose_name = _("versie van een voortgangstekst")
        verbose_name_plural = _("versies van voortgangsteksten")
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="unique_entry_revision")
        ]

    def __str__(self):
        return f"{self.entry} v{self.version}"


class ReminderKind(models.TextChoices):
    MANUAL = "manual", _("door de coördinator")
    AUTOMATIC = "automatic", _("automatisch voor de inleverdatum")


class EntryReminder(models.Model):
    """One reminder to one person about one entry (sent by e-mail through Celery)."""

    entry = models.ForeignKey(
        ProgressEntry, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("tekst")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("aan"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ReminderKind.choices)
    deadline = models.DateField(_("inleverdatum"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verstuurd door"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verstuurd"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            # The automatic reminder goes once per person, entry and deadline, however often
            # beat fires.
            models.UniqueConstraint(
                fields=["entry", "recipient", "deadline"],
                condition=Q(kind="automatic"),
                name="one_automatic_reminder_per_deadline",
            )
        ]

    def __str__(self):
        return f"{self.entry} → {self.recipient}"


class Approval(models.Model):
    """One organisation's consent (through one of its board members) in one review round."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="approvals", verbose_name=_("rapportage")
    )
    organisation = models.ForeignKey(
        "duoplus.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("namens")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("goedgekeurd door"),
    )
    review_round = models.PositiveIntegerField(_("beoordelingsronde"))
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)
    # What was approved: the SHA-256 of every council's PDF of this round, by council slug.
    pdf_checksums = models.JSONField(_("controlegetallen van de pdf’s"), default=dict, blank=True)

    class Meta:
        ordering = ["at"]
        verbose_name = _("goedkeuring")
        verbose_name_plural = _("goedkeuringen")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "organisation", "review_round"],
                name="one_approval_per_org_per_round",
            )
        ]

    def __str__(self):
        return f"{self.report} – {self.organisation}"


class ReportTransition(models.Model):
    """The history of a report: every change of status, by whom, when, from where, why."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("rapportage")
    )
    from_status = models.CharField(_("van"), max_length=20, choices=ReportStatus.choices)
    to_status = models.CharField(_("naar"), max_length=20, choices=ReportStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("door"),
    )
    reason = models.TextField(_("toelichting"), blank=True)
    ip = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")

    def __str__(self):
        return f"{self.report}: {self.from_status} → {self.to_status}"


class PDFStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RENDERING = "rendering", _("Wordt gemaakt")
    READY = "ready", _("Klaar")
    FAILED = "failed", _("Mislukt")


class ReportPDFQuerySet(models.QuerySet):
    def current(self):
        """Files (in any state) of the report's current version and review round: the
        renders made at submission, which the board approves and publishing releases."""
        return self.filter(
            report_version=F("report__version"), review_round=F("report__review_round")
        )

    def ready(self):
        """Complete files of the report's current version and review round."""
        return self.current().filter(status=PDFStatus.READY)

    def downloadable_by(self, user):
        """Ready files that ``user`` may download: council members only their own council's
        file of a published report; internal users every file of a report they can see."""
        from duoplus import roles

        if not user.is_authenticated or not user.is_active:
            return self.none()
        internal = internal_reports_condition(user)
        council = roles.organisation_ids(user, Role.COUNCIL)
        condition = Q(pk__in=[])
        if internal is not None:
            condition |= Q(report__in=Report.objects.filter(internal).values("pk"))
        if council:
            condition |= Q(council_id__in=council, report__status=ReportStatus.PUBLISHED)
        return self.ready().filter(condition)


class ReportPDF(models.Model):
    """One rendered PDF: one report version for one receiving council."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="pdfs", verbose_name=_("rapportage")
    )
    report_version = models.PositiveIntegerField(_("versie van de rapportage"))
    review_round = models.PositiveIntegerField(_("beoordelingsronde"), default=0)
    council = models.ForeignKey(
        "duoplus.Organisation",
        on_delete=models.PROTECT,
        related_name="report_pdfs",
        verbose_name=_("voor de raad van"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PDFStatus.choices, default=PDFStatus.QUEUED
    )
    file = models.FileField(_("bestand"), storage=_private_storage, blank=True, max_length=300)
    sha256 = models.CharField(_("controlegetal (SHA-256)"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    error = models.TextField(_("foutmelding"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    rendered_at = models.DateTimeField(_("gemaakt op"), null=True, blank=True)

    objects = ReportPDFQuerySet.as_manager()

    class Meta:
        ordering = ["report", "council__order", "council__name"]
        verbose_name = _("pdf")
        verbose_name_plural = _("pdf's")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "report_version", "review_round", "council"],
                name="one_pdf_per_round_council",
            )
        ]

    def __str__(self):
        return f"{self.report} – {self.council} (v{self.report_version})"

    def get_absolute_url(self):
        return reverse("reports:pdf_download", args=[self.report_id, self.council.slug])

    @property
    def download_name(self):
        """A meaningful file name, e.g. ``Eerste-voortgangsrapportage-2022-Diemen.pdf``."""
        words = re.sub(r"[^\w]+", "-", f"{self.report.title} {self.council.name}")
        return f"{words.strip('-')}.pdf"


class FrozenContent(models.Model):
    """The content of a report as it was submitted (chapters, goals, indicators and budget
    tables, rendered), so that what the board approves and the councils read never changes
    when programme data, keys or templates change later. One row per variant: the internal
    page ("page"), and per receiving council its page ("page:<slug>") and PDF ("pdf:<slug>")."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="frozen", verbose_name=_("rapportage")
    )
    variant = models.CharField(_("variant"), max_length=120)
    html = models.TextField(_("inhoud (html)"))
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vastgelegde inhoud")
        verbose_name_plural = _("vastgelegde inhoud")
        constraints = [
            models.UniqueConstraint(fields=["report", "variant"], name="one_frozen_variant")
        ]

    def __str__(self):
        return f"{self.report} [{self.variant}]"

    @staticmethod
    def variant_for(council=None, in_pdf=False):
        return f"{'pdf' if in_pdf else 'page'}{':' + council.slug if council else ''}"


class ReportingRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rounds of, or addressed to, an organisation in which ``user`` works (the same
        rule as for reports; council members see no calendar)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        internal = internal_organisation_ids(user)
        if not internal:
            return self.none()
        condition = Q(organisation_id__in=internal) | Q(recipients__in=internal)
        return self.filter(pk__in=ReportingRound.objects.filter(condition).values("pk"))


class ReportingRound(models.Model):
    """One moment of the planning & control cycle: which report is made over which period,
    for which programmes, and its dates. Celery beat opens it (makes its report) on
    ``opens_on`` and chases it until the board meeting."""

    organisation = models.ForeignKey(
        "duoplus.Organisation",
        on_delete=models.PROTECT,
        related_name="reporting_rounds",
        verbose_name=_("opgesteld door"),
    )
    year = models.PositiveSmallIntegerField(_("kalenderjaar"))
    title = models.CharField(_("titel"), max_length=250)
    kind = models.CharField(_("soort"), max_length=20, choices=ReportKind.choices)
    period_start = models.DateField(_("periode van"))
    period_end = models.DateField(_("periode tot en met"))
    purpose = models.CharField(
        _("doel"), max_length=20, choices=Purpose.choices, default=Purpose.INFORMATION
    )
    programmes = models.ManyToManyField(
        "programmes.Programme",
        related_name="reporting_rounds",
        verbose_name=_("programma’s"),
    )
    recipients = models.ManyToManyField(
        "duoplus.Organisation",
        related_name="+",
        verbose_name=_("voor de raden van"),
        limit_choices_to={"kind": "municipality"},
    )
    opens_on = models.DateField(
        _("opent op"),
        help_text=_("Dan wordt de rapportage aangemaakt en krijgen de schrijvers bericht."),
    )
    entries_due = models.DateField(_("teksten inleveren uiterlijk"))
    review_due = models.DateField(_("beoordeling coördinator gereed"))
    board_meeting = models.DateField(_("directieberaad"))
    governing_board_meeting = models.DateField(_("bestuur"), null=True, blank=True)
    dispatch_on = models.DateField(_("verzending aan de raden"))
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    objects = ReportingRoundQuerySet.as_manager()

    class Meta:
        ordering = ["year", "opens_on", "id"]
        verbose_name = _("rapportageronde")
        verbose_name_plural = _("rapportagerondes")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="round_period_order"
            ),
            models.CheckConstraint(
                condition=Q(entries_due__gte=F("opens_on"))
                & Q(review_due__gte=F("entries_due"))
                & Q(board_meeting__gte=F("review_due"))
                & Q(dispatch_on__gte=F("board_meeting")),
                name="round_dates_order",
            ),
        ]

    def __str__(self):
        return self.title


class RoundNoticeKind(models.TextChoices):
    OPENED = "opened", _("rapportage geopend")
    OVERDUE = "overdue", _("overzicht na de inleverdatum")
    BOARD_WARNING = "board_warning", _("waarschuwing voor het directieberaad")


class RoundNotice(models.Model):
    """One message of the calendar to one person about one report, at most once per date it
    is about (the opening, the deadline, the board meeting): beat may fire twice, a worker
    may restart, a clock may jump an hour; nobody gets the same message twice."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="notices", verbose_name=_("rapportage")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=RoundNoticeKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("aan")
    )
    about = models.DateField(_("datum waarover"))
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verstuurd"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bericht van de kalender")
        verbose_name_plural = _("berichten van de kalender")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind", "recipient", "about"], name="one_notice_per_date"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.report} → {self.recipient}"


class CalendarFeed(models.Model):
    """A person's secret iCalendar address. Only a hash of the token is stored; a new
    address replaces (revokes) the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("gebruiker"),
    )
    token_hash = models.CharField(_("controlegetal van de sleutel"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("laatst opgehaald"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda-abonnement")
        verbose_name_plural = _("agenda-abonnementen")

    def __str__(self):
        return str(self.user)
