"""Core models shared by all apps: organisations, people, their roles, audit events, the
outbox of e-mails and the stored documents' common fields."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .bounds import validate_single_line


class OrganisationKind(models.TextChoices):
    EXECUTING = "executing", _("Uitvoeringsorganisatie")
    MUNICIPALITY = "municipality", _("Gemeente")


class OrganisationQuerySet(models.QuerySet):
    def municipalities(self):
        return self.filter(kind=OrganisationKind.MUNICIPALITY)

    def executing(self):
        return self.filter(kind=OrganisationKind.EXECUTING)


class Organisation(models.Model):
    """A participant of the arrangement: the executing organisation or a municipality.

    Nothing in the code depends on which organisations exist: any gemeenschappelijke
    regeling (one executing organisation and its participating municipalities) is data.
    """

    name = models.CharField(
        _("naam"), max_length=200, unique=True, validators=[validate_single_line]
    )
    slug = models.SlugField(_("korte naam"), max_length=60, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    council_name = models.CharField(
        _("naam van de raad"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld ‘gemeenteraad van Diemen’. Alleen voor gemeenten."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    # The executing organisation's default when a coordinator publishes a report: publicly
    # (readable without logging in, in the open data and the Woo index) or not.
    publishes_openly = models.BooleanField(
        _("standaard openbaar publiceren"),
        default=False,
        help_text=_(
            "Voor de uitvoeringsorganisatie: gepubliceerde rapportages zijn standaard openbaar "
            "(zonder inloggen leesbaar, Wet open overheid). De coördinator beslist per "
            "rapportage."
        ),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name

    @property
    def is_municipality(self):
        return self.kind == OrganisationKind.MUNICIPALITY


class User(AbstractUser):
    """A person who logs in. Roles come from memberships, never from this row."""

    is_demo = models.BooleanField(
        _("demo-account"),
        default=False,
        help_text=_("Demo-accounts kunnen alleen inloggen als DEBUG aan staat."),
    )
    two_factor_required = models.BooleanField(
        _("tweestapsverificatie verplicht"),
        default=False,
        help_text=_(
            "Ook zonder een rol waarvoor het altijd geldt (directieberaad, coördinator, "
            "beheer) moet deze gebruiker met een code uit een authenticator-app inloggen."
        ),
    )

    objects = UserManager()  # type: ignore[misc]  # (django-stubs: AbstractUser's manager)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self):
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    EDITOR = "editor", _("Medewerker (schrijft voortgangsteksten)")
    COORDINATOR = "coordinator", _("Coördinator")
    BOARD = "board", _("Lid directieberaad")
    COUNCIL = "council", _("Raadslid")
    CLERK = "clerk", _("Griffie (griffier van de raad)")
    ADMIN = "admin", _("Functioneel beheerder")


class Membership(models.Model):
    """One role of one person within one organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("gebruiker"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_membership_role"
            )
        ]
        indexes = [models.Index(fields=["role", "organisation"])]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.organisation})"


class AuditAction(models.TextChoices):
    """Every action the audit log knows: one enumeration, never a free string. A refusal is
    recorded under the name of the action that was refused."""

    LOGIN = "login", _("inloggen")
    LOGIN_LOCKOUT = "login.lockout", _("geblokkeerd na mislukte pogingen")
    LOGIN_SECOND_STEP = "login.second_step", _("tweede stap bij inloggen")
    LOGOUT = "logout", _("uitloggen")
    SESSION_EXPIRED = "session.expired", _("sessie verlopen")
    OTP_SETUP = "otp.setup", _("authenticator-app ingesteld")
    ADMIN_ADDED = "admin.added", _("beheer: toegevoegd")
    ADMIN_CHANGED = "admin.changed", _("beheer: gewijzigd")
    ADMIN_DELETED = "admin.deleted", _("beheer: verwijderd")
    ADMIN_OTHER = "admin.other", _("beheer: overig")
    REPORT_VIEW = "report.view", _("rapportage bekijken")
    REPORT_CREATE = "report.create", _("rapportage aangemaakt")
    REPORT_LETTER = "report.letter", _("brief aan de raden")
    REPORT_SUBMIT = "report.submit", _("indienen")
    REPORT_APPROVE = "report.approve", _("goedkeuren")
    REPORT_SEND_BACK = "report.send_back", _("terugsturen")
    REPORT_PUBLISH = "report.publish", _("publiceren")
    REPORT_CORRECT = "report.correct", _("gecorrigeerde versie maken")
    ENTRY_EDIT = "entry.edit", _("tekst openen om te bewerken")
    ENTRY_SAVE = "entry.save", _("tekst opslaan")
    ENTRY_RESTORE = "entry.restore", _("versie terugzetten")
    ENTRY_HISTORY = "entry.history", _("versies bekijken")
    ENTRY_REMIND = "entry.remind", _("herinneren")
    PDF_DOWNLOAD = "pdf.download", _("pdf downloaden")
    PDF_RERENDER = "pdf.rerender", _("pdf opnieuw maken")
    MESSAGE_RETRY = "message.retry", _("mislukte e-mail opnieuw versturen")
    BUDGET_IMPORT = "budget.import", _("begrotingswijzigingen inlezen")
    BUDGET_EXPORT = "budget.export", _("begrotingswijzigingen downloaden")
    CALENDAR_VIEW = "calendar.view", _("kalender bekijken")
    CALENDAR_GENERATE = "calendar.generate", _("kalender van een jaar maken")
    CALENDAR_ROUND = "calendar.round", _("ronde opslaan")
    CALENDAR_ROUND_DELETE = "calendar.round_delete", _("ronde verwijderen")
    CALENDAR_OPEN = "calendar.open", _("ronde openen")
    CALENDAR_FEED_NEW = "calendar.feed_new", _("agendalink gemaakt")
    CALENDAR_FEED_REVOKE = "calendar.feed_revoke", _("agendalink ingetrokken")
    CONSULTATION_SEND = "consultation.send", _("ter zienswijze verzonden")
    CONSULTATION_TERM = "consultation.term", _("termijn voor zienswijzen gewijzigd")
    CONSULTATION_RESPOND = "consultation.respond", _("zienswijze vastgelegd")
    CONSULTATION_CONSENT = "consultation.consent", _("toestemming om zienswijze te corrigeren")
    CONSULTATION_VIEW = "consultation.view", _("zienswijzen bekijken")
    CONSULTATION_DOWNLOAD = "consultation.download", _("raadsbesluit of brief downloaden")
    CONSULTATION_REACTION = "consultation.reaction", _("reactie op een zienswijze geschreven")
    CONSULTATION_REACTIONS_SUBMIT = (
        "consultation.reactions_submit",
        _("reacties ingediend bij het directieberaad"),
    )
    CONSULTATION_REACTIONS_APPROVE = "consultation.reactions_approve", _("reacties goedgekeurd")
    CONSULTATION_REACTIONS_SEND_BACK = (
        "consultation.reactions_send_back",
        _("reacties teruggestuurd"),
    )
    CONSULTATION_DECISION = "consultation.decision", _("besluit van het bestuur vastgelegd")
    CONSULTATION_GS = "consultation.gs", _("verzending aan Gedeputeerde Staten vastgelegd")
    QUESTION_ASK = "question.ask", _("technische vraag gesteld")
    QUESTION_ROUND = "question.round", _("sluitingsdatum technische vragen ingesteld")
    QUESTION_ASSIGN = "question.assign", _("technische vraag toegewezen")
    QUESTION_DRAFT = "question.draft", _("antwoord op technische vraag bewerkt")
    QUESTION_RELEASE = "question.release", _("antwoord op technische vraag vrijgegeven")
    QUESTION_MERGE = "question.merge", _("technische vragen samengevoegd")
    QUESTION_NOTE = "question.note", _("eigen notitie opgeslagen")
    QUESTION_VIEW = "question.view", _("technische vragen bekijken")
    QUESTION_DOWNLOAD = "question.download", _("technische vragen gedownload (pdf of csv)")


class AuditResult(models.TextChoices):
    OK = "ok", _("gelukt")
    FAILED = "failed", _("mislukt")
    DENIED = "denied", _("geweigerd")
    NOT_FOUND = "not_found", _("niet gevonden of geen toegang")


class AuditEvent(models.Model):
    """Append-only record of who did what, when, from where, with what result."""

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    action = models.CharField(_("actie"), max_length=60, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(_("soort object"), max_length=60, blank=True)
    object_id = models.CharField(_("object"), max_length=60, blank=True)
    result = models.CharField(
        _("resultaat"), max_length=20, choices=AuditResult.choices, default=AuditResult.OK
    )
    ip = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    detail = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


class AuthenticatorApp(TOTPDevice):
    """django-otp's TOTP device under its Dutch name in the admin. (django-otp itself
    looks only at concrete device models, so this adds no second device.)"""

    class Meta:
        proxy = True
        verbose_name = _("authenticator-app")
        verbose_name_plural = _("authenticator-apps")


class RecoveryCodes(StaticDevice):
    """django-otp's static device (the recovery codes) under its Dutch name in the admin."""

    class Meta:
        proxy = True
        verbose_name = _("set herstelcodes")
        verbose_name_plural = _("sets herstelcodes")


class MessageState(models.TextChoices):
    PENDING = "pending", _("Nog te versturen")
    SENT = "sent", _("Verstuurd")
    DROPPED = "dropped", _("Niet verstuurd (niet meer nodig of geen adres)")
    FAILED = "failed", _("Mislukt")


class Message(models.Model):
    """One e-mail to one person: the outbox of every procedure (duoplus.core.outbox).

    Recorded once by its key, in the transaction of the event it is about; sent by one task
    under a row lock, then marked sent, or dropped with the reason (no address, an inactive
    account, no longer needed) and never tried again. A failure to send is tried again
    later, a bounded number of times, then marked failed. What the message is about lives
    in the area's own row that points here (a reminder, a notice, a workflow e-mail); the
    area's composer (registered under ``kind``) writes subject and body when it is sent."""

    kind = models.CharField(_("soort"), max_length=40)
    key = models.CharField(_("kenmerk"), max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("aan"),
    )
    state = models.CharField(
        _("status"), max_length=20, choices=MessageState.choices, default=MessageState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    # When the sweep may queue it (again): a while after it was made (its own job should
    # have sent it by then), and after a failed attempt, later each time.
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)
    subject = models.CharField(_("onderwerp"), max_length=300, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verstuurd"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("e-mailbericht")
        verbose_name_plural = _("e-mailberichten (uitgaand)")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="message_due")]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("In de wachtrij")
    RENDERING = "rendering", _("Wordt gemaakt")
    READY = "ready", _("Klaar")
    FAILED = "failed", _("Mislukt")


def private_storage():
    """The one private storage of every rendered document (never served directly)."""
    return storages["private"]


class StoredDocument(models.Model):
    """What every rendered document has (duoplus.core.documents): its state, the attempts
    to make it, the job that claimed it, the file in the private storage and its checksum.
    A council PDF, the zienswijze procedure's appendix and letters and the answers to the
    technische vragen are each one concrete model with what they are about."""

    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    # The job (Celery task id) that is making it: the same job delivered again after its
    # worker died may take it up; any other finds it taken.
    job = models.CharField(_("taak"), max_length=64, blank=True)
    file = models.FileField(_("bestand"), storage=private_storage, blank=True, max_length=300)
    sha256 = models.CharField(_("controlegetal (SHA-256)"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    error = models.TextField(_("foutmelding"), blank=True)
    # When the status last changed: how long a file has been waiting, and when it is stuck.
    status_changed_at = models.DateTimeField(
        _("status gewijzigd op"), default=timezone.now, db_index=True
    )
    rendered_at = models.DateTimeField(_("gemaakt op"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def ready(self) -> bool:
        return self.status == DocumentStatus.READY
