from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from duoplus.core.forms import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    model_choice_field,
)
from duoplus.core.models import Organisation
from programmes.models import Programme

from .cycle import DATE_FIELDS, check_dates
from .models import ReportingRound

# What a round is (fixed once it is open) and when its moments are (always changeable).
ROUND_SUBJECT_FIELDS = (
    "organisation",
    "title",
    "kind",
    "purpose",
    "period_start",
    "period_end",
    "programmes",
    "recipients",
)
ROUND_DATE_FIELDS = DATE_FIELDS


class RoundForm(forms.ModelForm):
    """One round of the P&C calendar. Once the round is open (its report exists) only the
    dates can change."""

    class Meta:
        model = ReportingRound
        fields = [*ROUND_SUBJECT_FIELDS, *ROUND_DATE_FIELDS]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for name in ("period_start", "period_end", *ROUND_DATE_FIELDS)
        } | {
            "programmes": forms.CheckboxSelectMultiple,
            "recipients": forms.CheckboxSelectMultiple,
        }
        field_classes = {
            "organisation": BoundedModelChoiceField,
            "programmes": BoundedModelMultipleChoiceField,
            "recipients": BoundedModelMultipleChoiceField,
        }
        help_texts = {
            "governing_board_meeting": _("Optioneel: de vergadering van het bestuur."),
            "programmes": _("Elk programma krijgt een voortgangstekst in de rapportage."),
        }

    def __init__(self, *args, organisations, opened=False, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = organisations
        model_choice_field(self, "organisation").empty_label = None
        if len(organisations) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations[0].pk
        model_choice_field(self, "programmes").queryset = Programme.objects.active().filter(
            organisation__in=organisations
        )
        model_choice_field(self, "recipients").queryset = Organisation.objects.municipalities()
        if self.instance.pk is None and not self.is_bound:
            # A new round: every active programme and every council, as a generated year.
            for name in ("programmes", "recipients"):
                self.initial.setdefault(name, list(model_choice_field(self, name).queryset or []))
        self.opened = opened
        if opened:
            for name in ROUND_SUBJECT_FIELDS:
                self.fields[name].disabled = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        super().clean()
        data = self.cleaned_data
        for name, message in check_dates(data).items():
            if name not in self.errors:
                self.add_error(name, message)
        programmes = data.get("programmes")
        organisation = data.get("organisation")
        if programmes is not None and organisation is not None:
            if any(p.organisation_id != organisation.pk for p in programmes):
                self.add_error("programmes", _("Kies programma’s van de eigen organisatie."))
        return data

    def _post_clean(self):
        # The model's own checks run in the service; the form only validates its fields.
        pass
