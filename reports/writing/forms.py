from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from duoplus.core import richtext
from duoplus.core.forms import choice_field
from reports.core.models import LETTER_LINES, Purpose

from .models import (
    ENTRY_FIELDS,
    MAX_INDICATOR_LENGTH,
    MAX_TEXT_LENGTH,
    REQUIRED_PARTS,
    STATUS_SYMBOLS,
    EntryState,
    RealisationStatus,
    missing_parts,
)


def _status_choices():
    return [("", _("Nog niet bepaald"))] + [
        (value, f"{STATUS_SYMBOLS[value]} {label}") for value, label in RealisationStatus.choices
    ]


class ProgressEntryForm(forms.Form):
    """The three questions, two statuses, the programme's indicators and "ready"."""

    ambition = forms.CharField(
        label=_("Toelichting op de doelen (optioneel)"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "data-richtext": ""}),
        help_text=_("Wat betekenen de doelen van het programma in deze periode?"),
    )
    progress = forms.CharField(
        label=_("Stand van zaken"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14, "data-richtext": ""}),
        help_text=_(
            "De stand van zaken in deze periode. Laat een witregel tussen alinea’s; begin een "
            "opsomming met “- ”; **vet**, *cursief*, [linktekst](https://…)."
        ),
    )
    costs = forms.CharField(
        label=_("Kosten en financiële gevolgen"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "data-richtext": ""}),
        help_text=_("Budget, uitgaven tot nu toe en verwachte afwijkingen."),
    )
    status = forms.ChoiceField(
        label=_("Ligt de realisatie op schema?"), required=False, widget=forms.RadioSelect
    )
    budget_status = forms.ChoiceField(
        label=_("Blijft het programma binnen het budget?"),
        required=False,
        widget=forms.RadioSelect,
    )
    ready = forms.BooleanField(
        label=_("Klaar voor de coördinator"),
        required=False,
        help_text=_("Vink aan als de tekst af is. U kunt hem daarna nog wijzigen."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**62)

    def __init__(self, *args, entry, indicators=(), **kwargs):
        if not args and "initial" not in kwargs:
            kwargs["initial"] = initial_for(entry, indicators)
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.indicators = list(indicators)
        choice_field(self, "status").choices = _status_choices()
        choice_field(self, "budget_status").choices = _status_choices()
        for indicator in self.indicators:
            label = indicator.name + (f" ({indicator.unit})" if indicator.unit else "")
            self.fields[f"indicator_{indicator.pk}"] = forms.CharField(
                label=label,
                required=False,
                max_length=MAX_INDICATOR_LENGTH,
                help_text=_("Streefwaarde: %(target)s") % {"target": indicator.target}
                if indicator.target
                else "",
            )
        for name in ("ambition", "progress", "costs"):
            self.fields[name].widget.attrs["maxlength"] = MAX_TEXT_LENGTH

    @property
    def indicator_fields(self):
        return [self[f"indicator_{i.pk}"] for i in self.indicators]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        for name in ("ambition", "progress", "costs"):
            if name in data:
                data[name] = richtext.clean_source(data[name])
        if data.get("ready"):
            missing = missing_parts(data)
            if missing:
                self.add_error(
                    None,
                    _(
                        "De tekst kan nog niet klaar worden gemeld. Vul eerst in: %(parts)s. "
                        "U kunt hem wel opslaan zonder het vinkje “Klaar voor de coördinator”."
                    )
                    % {"parts": ", ".join(missing)},
                )
            for name, _label in REQUIRED_PARTS:
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("Vul dit in voordat u de tekst klaarmeldt."))
        return data

    def service_data(self):
        """What services.save_entry takes."""
        data = {name: self.cleaned_data.get(name, "") for name in ENTRY_FIELDS}
        data["indicators"] = {
            i.pk: self.cleaned_data.get(f"indicator_{i.pk}", "") for i in self.indicators
        }
        return data


def initial_for(entry, indicators):
    """The form's starting values: the saved entry."""
    values = {v.indicator_id: v.value for v in entry.indicator_values.all()}
    initial = {name: getattr(entry, name) for name in ENTRY_FIELDS}
    initial.update(version=entry.version, ready=entry.state == EntryState.READY)
    initial.update({f"indicator_{i.pk}": values.get(i.pk, "") for i in indicators})
    return initial


class ReminderForm(forms.Form):
    """Which entries of one report to remind about (none chosen: every entry not ready)."""

    entry = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "entry").choices = [(e.pk, str(e.pk)) for e in report.entries.all()]


class CompareForm(forms.Form):
    """Two versions of an entry to compare (GET)."""

    van = forms.TypedChoiceField(
        label=_("Vergelijk versie"), coerce=int, required=False, empty_value=None
    )
    naar = forms.TypedChoiceField(
        label=_("met versie"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v, str(v)) for v in versions]
        choice_field(self, "van").choices = choices
        choice_field(self, "naar").choices = choices


class LetterForm(forms.Form):
    """The covering letter to the councils: reason and core; the financial paragraph is made
    per municipality from the budget changes."""

    letter_reason = forms.CharField(
        label=_("Aanleiding"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "data-richtext": ""}),
        help_text=_(
            "Waarom krijgt de raad deze rapportage: de periode, de aanleiding, wat er nog volgt. "
            "Leeg laten geeft een standaardzin met de periode."
        ),
    )
    letter_summary = forms.CharField(
        label=_("Kern"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10, "data-richtext": ""}),
        help_text=_(
            "De belangrijkste ontwikkelingen in het kort. Het overzicht van de programma’s met "
            "hun status komt er vanzelf onder."
        ),
    )
    letter_risks = forms.CharField(
        label=_("Overige gevolgen en risico’s"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "data-richtext": ""}),
        help_text=_(
            "Optioneel. De financiële gevolgen per gemeente worden uit de "
            "begrotingswijzigingen berekend."
        ),
    )

    letter_decision = forms.CharField(
        label=_("Beslispunten"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "data-richtext": ""}),
        help_text=_(
            "Wat de raad wordt gevraagd te besluiten, als genummerde punten. Nodig bij een "
            "rapportage ter besluitvorming."
        ),
    )
    correction_note = forms.CharField(
        label=_("Wat is gecorrigeerd"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "data-richtext": ""}),
        help_text=_(
            "Komt op het voorblad en in de brief: wat deze versie verbetert ten opzichte van "
            "de vorige. De gewijzigde hoofdstukken worden er vanzelf bij genoemd."
        ),
    )
    letter_reference = forms.CharField(
        label=_("Kenmerk"),
        required=False,
        max_length=60,
        help_text=_("Leeg laten: het portaal maakt een kenmerk."),
    )
    letter_contact = forms.CharField(
        label=_("Contactpersoon"),
        required=False,
        max_length=200,
        help_text=_(
            "Naam en e-mailadres of telefoonnummer, bijvoorbeeld: J. de Vries, j.devries@duoplus.nl"
        ),
    )

    def __init__(self, *args, report=None, **kwargs):
        super().__init__(*args, **kwargs)
        if report is not None and report.purpose != Purpose.DECISION:
            del self.fields["letter_decision"]
        if report is not None and report.version == 1:
            del self.fields["correction_note"]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        super().clean()
        data = self.cleaned_data
        for name in LETTER_LINES:
            if name in data and not richtext.is_single_line(data[name]):
                self.add_error(name, _("Gebruik één regel, zonder tabs of regeleinden."))
        return data
