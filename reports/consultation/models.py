"""The councils' say: a report sent to the councils ter zienswijze (Wgr art. 35), each
council's answer as recorded by its griffie, and the settings of the legal clock per
executing organisation."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from duoplus.core.models import StoredDocument, private_storage
from reports.core.models import Report, ReportKind

from . import legal


def validate_reminder_days(value: str) -> None:
    try:
        days = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise ValidationError(
            _("Geef hele dagen, gescheiden door komma’s, bijvoorbeeld 14,3.")
        ) from None
    if any(d < 1 or d > 84 for d in days):
        raise ValidationError(
            _("Elke herinnering ligt 1 tot 84 dagen vóór het einde van de termijn.")
        )


class LegalTerms(models.Model):
    """The legal clock of one executing organisation. Each default is the law's (named in
    its help text); a regulation (the GR's own rules) may be stricter. Without a row the
    defaults apply (``for_organisation``)."""

    organisation = models.OneToOneField(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="legal_terms",
        verbose_name=_("uitvoeringsorganisatie"),
        limit_choices_to={"kind": "executing"},
    )
    consultation_weeks = models.PositiveSmallIntegerField(
        _("termijn voor zienswijzen (weken)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_(
            "Wgr art. 35 lid 1 en 3: de ontwerpbegroting gaat twaalf weken voordat het "
            "algemeen bestuur haar behandelt naar de raden, die daarover een zienswijze "
            "kunnen geven."
        ),
    )
    budget_changes_consulted = models.BooleanField(
        _("begrotingswijzigingen ter zienswijze"),
        default=True,
        help_text=_(
            "Wgr art. 35 lid 5: ook begrotingswijzigingen gaan ter zienswijze naar de raden, "
            "tenzij de regeling dat voor (soorten) wijzigingen uitsluit."
        ),
    )
    extend_to_working_day = models.BooleanField(
        _("termijn eindigt op een werkdag"),
        default=True,
        help_text=_(
            "Algemene termijnenwet art. 1: eindigt de termijn op een zaterdag, zondag of "
            "algemeen erkende feestdag, dan loopt hij door tot en met de eerstvolgende werkdag."
        ),
    )
    reminder_days = models.CharField(
        _("herinneringen aan de griffie (dagen vóór het einde)"),
        max_length=40,
        default="14,3",
        validators=[validate_reminder_days],
        help_text=_("Eigen afspraak, geen wettelijke eis. Elke herinnering gaat één keer."),
    )
    framework_month = models.PositiveSmallIntegerField(
        _("kaderbrief vóór (maand)"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    framework_day = models.PositiveSmallIntegerField(
        _("kaderbrief vóór (dag)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_(
            "Wgr art. 34b: de kaderbrief en de voorlopige jaarrekening gaan vóór 15 april "
            "van het jaar vóór het begrotingsjaar naar de raden."
        ),
    )
    gs_days = models.PositiveSmallIntegerField(
        _("naar Gedeputeerde Staten binnen (dagen na vaststelling)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "Wgr art. 34 lid 3 (begroting) en art. 34a (jaarrekening): binnen twee weken na "
            "vaststelling naar Gedeputeerde Staten."
        ),
    )
    budget_gs_month = models.PositiveSmallIntegerField(
        _("begroting bij GS vóór (maand)"), default=8
    )
    budget_gs_day = models.PositiveSmallIntegerField(
        _("begroting bij GS vóór (dag)"),
        default=1,
        help_text=_(
            "Wgr art. 34 lid 3: in ieder geval vóór 1 augustus van het jaar vóór het "
            "begrotingsjaar."
        ),
    )
    accounts_gs_month = models.PositiveSmallIntegerField(
        _("jaarrekening bij GS vóór (maand)"), default=7
    )
    accounts_gs_day = models.PositiveSmallIntegerField(
        _("jaarrekening bij GS vóór (dag)"),
        default=15,
        help_text=_(
            "Wgr art. 34a: in ieder geval vóór 15 juli van het jaar na het begrotingsjaar."
        ),
    )

    class Meta:
        verbose_name = _("wettelijke termijnen")
        verbose_name_plural = _("wettelijke termijnen")

    def __str__(self):
        return str(self.organisation)

    @classmethod
    def for_organisation(cls, organisation_id: int) -> "LegalTerms":
        """The organisation's settings, or the law's defaults (unsaved) when it has none."""
        found = cls.objects.filter(organisation_id=organisation_id).first()
        return found or cls(organisation_id=organisation_id)

    @property
    def reminders(self) -> list[int]:
        return sorted({int(d) for d in self.reminder_days.split(",") if d.strip()}, reverse=True)

    def term_end(self, sent_on: datetime.date) -> datetime.date:
        return legal.term_end(
            sent_on=sent_on,
            weeks=self.consultation_weeks,
            extend_to_working_day=self.extend_to_working_day,
        )

    def last_day(self, day: datetime.date) -> datetime.date:
        """A legal deadline that falls on ``day``, as the Atw has it (the next working day
        when ``day`` is none), unless the setting turns the Atw off."""
        return legal.last_day(day, extend_to_working_day=self.extend_to_working_day)

    def gs_fixed_date(self, *, kind: str, year: int, extend: bool = True) -> datetime.date | None:
        """The last day on which an adopted begroting (before 1 August) or jaarrekening
        (before 15 July) can reach Gedeputeerde Staten in ``year`` (the Atw applied unless
        ``extend`` is off); None for other kinds."""
        if kind == ReportKind.BUDGET:
            month, day = self.budget_gs_month, self.budget_gs_day
        elif kind == ReportKind.ANNUAL:
            month, day = self.accounts_gs_month, self.accounts_gs_day
        else:
            return None
        try:
            last = datetime.date(year, month, day) - datetime.timedelta(days=1)
        except ValueError:  # a day the month does not have (admin input)
            return None
        return self.last_day(last) if extend else last

    def gs_due(self, *, kind: str, decided_on: datetime.date, extend: bool = True) -> datetime.date:
        """When an adopted document must be with Gedeputeerde Staten: within ``gs_days`` of
        the decision (Wgr art. 34 lid 3, 34a), and in any case by the fixed date (a
        begroting before 1 August, a jaarrekening before 15 July) when that is still
        ahead; each moved to the next working day by the Atw unless ``extend`` is off."""
        within = decided_on + datetime.timedelta(days=self.gs_days)
        due = self.last_day(within) if extend else within
        fixed = self.gs_fixed_date(kind=kind, year=decided_on.year, extend=extend)
        if fixed is not None and decided_on <= fixed < due:
            due = fixed
        return due

    def consulted_kinds(self) -> set[str]:
        """The kinds of report that may go to the councils ter zienswijze."""
        kinds: set[str] = {ReportKind.BUDGET, ReportKind.FRAMEWORK}
        if self.budget_changes_consulted:
            kinds.add(ReportKind.BUDGET_CHANGE)
        return kinds


class Decision(models.TextChoices):
    ADOPTED = "adopted", _("Vastgesteld")
    AMENDED = "amended", _("Gewijzigd vastgesteld")
    DEFERRED = "deferred", _("Aangehouden")


class Consultation(models.Model):
    """A report sent to the councils ter zienswijze: when, by whom, and the term."""

    report = models.OneToOneField(
        Report,
        on_delete=models.PROTECT,
        related_name="consultation",
        verbose_name=_("rapportage"),
    )
    sent_on = models.DateField(_("verzonden op"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    term_end = models.DateField(_("zienswijze uiterlijk op"))
    computed_term_end = models.DateField(_("einde termijn volgens de instelling"))
    term_reason = models.TextField(
        _("waarom een andere einddatum"),
        blank=True,
        help_text=_("Verplicht als de termijn later eindigt dan de instelling geeft."),
    )
    governing_board_meeting = models.DateField(
        _("behandeling in het algemeen bestuur (gepland)"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    # Duo+'s reactions: written by the coordinator, submitted to the directieberaad and
    # approved by every required organisation (like a report); then they go with the draft
    # to the bestuur and every receiving council sees every zienswijze and its reaction.
    reactions_submitted_at = models.DateTimeField(
        _("reacties ingediend bij het directieberaad"), null=True, blank=True
    )
    reactions_approved_at = models.DateTimeField(
        _("reacties goedgekeurd door het directieberaad"), null=True, blank=True
    )
    # The bestuur's decision, and the dispatch to Gedeputeerde Staten (Wgr art. 34 lid 3).
    decision = models.CharField(
        _("besluit van het bestuur"), max_length=20, choices=Decision.choices, blank=True
    )
    decision_date = models.DateField(_("datum van het besluit"), null=True, blank=True)
    decision_note = models.TextField(_("toelichting bij het besluit"), blank=True)
    decision_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("besluit vastgelegd door"),
    )
    gs_due = models.DateField(_("uiterlijk naar Gedeputeerde Staten"), null=True, blank=True)
    gs_sent_on = models.DateField(_("verzonden aan Gedeputeerde Staten"), null=True, blank=True)
    gs_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verzending vastgelegd door"),
    )

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("zienswijzeprocedure")
        verbose_name_plural = _("zienswijzeprocedures")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=models.F("computed_term_end")),
                name="consultation_term_not_shorter",
            )
        ]

    def __str__(self):
        return f"{self.report} – zienswijze tot {self.term_end:%d-%m-%Y}"

    def is_open(self, today: datetime.date) -> bool:
        return today <= self.term_end

    @property
    def state_text(self) -> str:
        """Where the procedure stands today, in one sentence for the report's page and the
        council's list: true before, during and after the term and the decision."""
        today = timezone.localdate()
        end = date_format(self.term_end, "l j F Y")
        decided = date_format(self.decision_date, "j F Y") if self.decision_date else ""
        if self.decision in (Decision.ADOPTED, Decision.AMENDED):
            text = _("Het algemeen bestuur heeft de %(kind)s op %(day)s %(decision)s.") % {
                "kind": self.report.get_kind_display().lower(),
                "day": decided,
                "decision": self.get_decision_display().lower(),
            }
            if self.gs_sent_on:
                text += " " + _("Op %(day)s verzonden aan Gedeputeerde Staten.") % {
                    "day": date_format(self.gs_sent_on, "j F Y")
                }
            return text
        if self.decision == Decision.DEFERRED:
            return _("Het algemeen bestuur heeft het besluit op %(day)s aangehouden.") % {
                "day": decided
            }
        if self.is_open(today):
            return _("Ter zienswijze: de raad kan tot en met %(day)s een zienswijze geven.") % {
                "day": end
            }
        if self.reactions_approved_at:
            return _(
                "De termijn voor zienswijzen liep tot en met %(day)s. Het directieberaad heeft "
                "de reacties goedgekeurd; het algemeen bestuur besluit nog."
            ) % {"day": end}
        return _(
            "De termijn voor zienswijzen liep tot en met %(day)s. Duo+ reageert op de "
            "zienswijzen; daarna besluit het algemeen bestuur."
        ) % {"day": end}

    @property
    def gs_due_moved_from(self) -> datetime.date | None:
        """The day the Wgr names for the dispatch to GS when it is no working day (the
        Algemene termijnenwet moved ``gs_due`` to the next one); None otherwise."""
        if not (self.gs_due and self.decision_date):
            return None
        named = LegalTerms.for_organisation(self.report.organisation_id).gs_due(
            kind=self.report.kind, decided_on=self.decision_date, extend=False
        )
        return named if named != self.gs_due else None

    @property
    def adopted(self) -> bool:
        """The bestuur adopted it (as it was or amended): the councils get their letter and
        it goes to Gedeputeerde Staten."""
        return self.decision in (Decision.ADOPTED, Decision.AMENDED)

    @property
    def ends_after_board(self) -> bool:
        """The term ends on or after the planned meeting of the algemeen bestuur
        (legal.ends_after_board)."""
        return legal.ends_after_board(term_end=self.term_end, meeting=self.governing_board_meeting)


class ResponseKind(models.TextChoices):
    VIEW = "view", _("Zienswijze")
    NONE = "none", _("Geen zienswijze")


class CouncilResponseQuerySet(models.QuerySet):
    def current(self):
        """The latest version of each council's answer."""
        newer = CouncilResponse.objects.filter(
            consultation=models.OuterRef("consultation"),
            council=models.OuterRef("council"),
            version__gt=models.OuterRef("version"),
        )
        return self.filter(~models.Exists(newer))


class CouncilResponse(models.Model):
    """One version of one council's answer, as its griffie recorded it. A row never
    changes: a correction is a new version (before the term ends freely; after it only with
    the coordinator's consent), so what the bestuur received stays on record."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("procedure"),
    )
    council = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("raad van")
    )
    version = models.PositiveSmallIntegerField(_("versie"), default=1)
    kind = models.CharField(_("antwoord"), max_length=10, choices=ResponseKind.choices)
    text = models.TextField(_("zienswijze"), blank=True)
    council_decision_date = models.DateField(_("datum raadsbesluit"), null=True, blank=True)
    decision_file = models.FileField(
        _("raadsbesluit (pdf)"), storage=private_storage, blank=True, max_length=300
    )
    decision_sha256 = models.CharField(_("controlegetal (SHA-256)"), max_length=64, blank=True)
    decision_size = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    decision_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    late = models.BooleanField(_("na de termijn ontvangen"), default=False)
    consent = models.OneToOneField(
        "CorrectionConsent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="used_by",
        verbose_name=_("met toestemming"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = CouncilResponseQuerySet.as_manager()

    class Meta:
        ordering = ["consultation", "council__order", "council__name", "version"]
        verbose_name = _("antwoord van een raad")
        verbose_name_plural = _("antwoorden van de raden")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "council", "version"], name="one_response_version"
            )
        ]

    def __str__(self):
        return f"{self.council}: {self.get_kind_display()} (v{self.version})"


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("Overgenomen")
    PARTLY = "partly", _("Deels overgenomen")
    NOT_ADOPTED = "not_adopted", _("Niet overgenomen")


class Reaction(models.Model):
    """Duo+'s reaction to one council's zienswijze: what is done with it, and why. Written
    (and rewritten) until the reactions go to the directieberaad; it names the version of
    the zienswijze it answers."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="reactions",
        verbose_name=_("procedure"),
    )
    council = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("raad van")
    )
    response = models.ForeignKey(
        CouncilResponse,
        on_delete=models.PROTECT,
        related_name="reactions",
        verbose_name=_("op de zienswijze (versie)"),
    )
    outcome = models.CharField(_("verwerking"), max_length=20, choices=Outcome.choices)
    explanation = models.TextField(_("toelichting"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    class Meta:
        ordering = ["consultation", "council__order", "council__name"]
        verbose_name = _("reactie op een zienswijze")
        verbose_name_plural = _("reacties op zienswijzen")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "council"], name="one_reaction")
        ]

    def __str__(self):
        return f"{self.council}: {self.get_outcome_display()}"


class ReactionApproval(models.Model):
    """One organisation's consent (by one board member) to the reactions as submitted."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="reaction_approvals",
        verbose_name=_("procedure"),
    )
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("namens")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    # Which submission it approves: a send-back starts a new one.
    submitted_at = models.DateTimeField(_("indiening"))
    approved_at = models.DateTimeField(_("goedgekeurd op"), auto_now_add=True)

    class Meta:
        ordering = ["approved_at", "id"]
        verbose_name = _("goedkeuring van de reacties")
        verbose_name_plural = _("goedkeuringen van de reacties")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "organisation", "submitted_at"],
                name="one_reaction_approval",
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.approved_at:%d-%m-%Y})"


class DocumentKind(models.TextChoices):
    APPENDIX = "appendix", _("Bijlage zienswijzen voor het bestuur")
    LETTER = "letter", _("Brief aan de raad over de zienswijze")


class ConsultationDocument(StoredDocument):
    """A PDF the procedure makes (a stored document: duoplus.core.documents, rendered by a
    worker, kept privately with its checksum): the appendix with every zienswijze and its
    reaction for the bestuur, and after the decision one letter per council."""

    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("procedure"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=DocumentKind.choices)
    council = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raad van"),
    )

    class Meta:
        ordering = ["consultation", "kind", "council__order", "council__name"]
        verbose_name = _("document van de zienswijzeprocedure")
        verbose_name_plural = _("documenten van de zienswijzeprocedure")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "kind", "council"],
                condition=Q(council__isnull=False),
                name="one_council_document",
            ),
            models.UniqueConstraint(
                fields=["consultation", "kind"],
                condition=Q(council__isnull=True),
                name="one_consultation_document",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.council or ''}"


class CorrectionConsent(models.Model):
    """The coordinator's consent, after the term, for one more version of one council's
    answer; used once."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.PROTECT, related_name="consents", verbose_name=_("procedure")
    )
    council = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("raad van")
    )
    reason = models.TextField(_("reden"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    granted_at = models.DateTimeField(_("gegeven op"), auto_now_add=True)

    class Meta:
        ordering = ["granted_at", "id"]
        verbose_name = _("toestemming voor correctie")
        verbose_name_plural = _("toestemmingen voor correctie")

    def __str__(self):
        return f"{self.council} ({self.granted_at:%d-%m-%Y})"


class NoticeKind(models.TextChoices):
    SENT = "sent", _("ter zienswijze ontvangen")
    REMINDER = "reminder", _("herinnering aan de griffie")
    RECEIVED = "received", _("antwoord van een raad vastgelegd")
    OVERVIEW = "overview", _("overzicht na de termijn")
    REACTIONS = "reactions", _("reacties ter goedkeuring")
    DECISION = "decision", _("besluit van het bestuur en de brief")
    TERM = "term", _("termijn verlengd")


class ConsultationNotice(models.Model):
    """One e-mail about a consultation to one person, at most once per kind and the date it
    is about (a reminder: the day it is due; the overview: the end of the term)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="notices", verbose_name=_("procedure")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=NoticeKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("aan")
    )
    about = models.DateField(_("datum waarover"))
    council = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raad van"),
    )
    # What else makes it one message: the version of an answer for "received", else empty.
    key = models.CharField(_("kenmerk"), max_length=60, blank=True, default="")
    # The e-mail itself, in the outbox (duoplus.core.outbox): sent once, or dropped.
    message = models.OneToOneField(
        "core.Message",
        on_delete=models.CASCADE,
        related_name="consultation_notice",
        verbose_name=_("bericht"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bericht over een zienswijze")
        verbose_name_plural = _("berichten over zienswijzen")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "kind", "recipient", "about", "key"],
                name="one_consultation_notice",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.consultation} → {self.recipient}"
