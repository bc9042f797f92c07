"""The P&C calendar: the rounds of a year, the messages it sends, personal iCalendar
addresses."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from duoplus.core.bounds import validate_single_line
from reports.core.models import Purpose, Report, ReportKind, internal_reports_condition


class ReportingRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rounds of, or addressed to, an organisation in which ``user`` works: the same
        condition as for reports (council members see no calendar)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        condition = internal_reports_condition(user)
        if condition is None:
            return self.none()
        return self.filter(pk__in=ReportingRound.objects.filter(condition).values("pk"))


class ReportingRound(models.Model):
    """One moment of the planning & control cycle: which report is made over which period,
    for which programmes, and its dates. Celery beat opens it (makes its report) on
    ``opens_on`` and chases it until the board meeting."""

    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="reporting_rounds",
        verbose_name=_("opgesteld door"),
    )
    year = models.PositiveSmallIntegerField(_("kalenderjaar"))
    title = models.CharField(_("titel"), max_length=250, validators=[validate_single_line])
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
        "core.Organisation",
        related_name="+",
        verbose_name=_("voor de raden van"),
        limit_choices_to={"kind": "municipality"},
    )
    report = models.OneToOneField(
        Report,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reporting_round",
        verbose_name=_("rapportage"),
        help_text=_("Gemaakt wanneer de ronde opent; een ronde heeft hoogstens één rapportage."),
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
    # The e-mail itself, in the outbox (duoplus.core.outbox): sent once, or dropped.
    message = models.OneToOneField(
        "core.Message",
        on_delete=models.CASCADE,
        related_name="round_notice",
        verbose_name=_("bericht"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

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
