"""The search index: one row per findable part of a report, as a reader of one variant
reads it (the internal page, or one council's page), plus one row per zienswijze, reaction
and question. Derived data: ``index.reindex`` rebuilds a report's rows from the same
content as the pages; nobody writes here otherwise."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REPORT = "report", _("Rapportage")
    LETTER = "letter", _("Raadsinformatiebrief")
    ENTRY = "entry", _("Programmatekst")
    GOAL = "goal", _("Doelstelling")
    BUDGET = "budget", _("Begrotingswijziging")
    RESPONSE = "response", _("Zienswijze")
    REACTION = "reaction", _("Reactie op een zienswijze")
    QUESTION = "question", _("Technische vraag")


# Parts of the report's content: who reads them follows the report and the variant.
CONTENT_KINDS = (Kind.REPORT, Kind.LETTER, Kind.ENTRY, Kind.GOAL, Kind.BUDGET)


class SearchDocument(models.Model):
    report = models.ForeignKey(
        "reports.Report", on_delete=models.CASCADE, related_name="+", verbose_name=_("rapportage")
    )
    # "" for the internal page, a council's slug for that council's page (budget shares and
    # the financial paragraph differ per council); "" for the rows that are not content.
    variant = models.CharField(_("variant"), max_length=60, blank=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    # The zienswijze, reaction or question this row is (0 for content).
    object_id = models.PositiveIntegerField(_("object"), default=0)
    title = models.CharField(_("titel"), max_length=300)
    body = models.TextField(_("tekst"), blank=True)
    url = models.CharField(_("adres"), max_length=300)
    year = models.PositiveSmallIntegerField(_("jaar"))
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programma"),
    )
    # The executing organisation, or the council whose zienswijze or question it is.
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisatie"),
    )
    date = models.DateTimeField(_("datum"))
    # PostgreSQL only: the weighted tsvector (title A, body B) in the duoplus_dutch
    # configuration; GIN-indexed (migration 0001). Empty on SQLite.
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("zoekindex")
        verbose_name_plural = _("zoekindex")
        indexes = [models.Index(fields=["kind", "object_id"]), models.Index(fields=["-date"])]

    def __str__(self):
        return self.title


class SearchWord(models.Model):
    """PostgreSQL only: every distinct word of the index (lower case, no accents), with a
    trigram index, to correct a typing error into a word that occurs ("Bedoelde u …?").
    Only added to; a word no longer in any text corrects into nothing found, and then the
    correction is not offered."""

    word = models.CharField(_("woord"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("woord in de zoekindex")
        verbose_name_plural = _("woorden in de zoekindex")

    def __str__(self):
        return self.word
