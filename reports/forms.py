from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ProgressEntry, RealisationStatus


class ProgressEntryForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = ProgressEntry
        fields = ["progress", "status"]
        labels = {"progress": _("Stand van zaken")}
        help_texts = {
            "progress": _("Wat hebben we gedaan? Laat een witregel tussen alinea’s."),
            "status": _("Ligt de realisatie op schema?"),
        }
        widgets = {"progress": forms.Textarea(attrs={"rows": 16})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Nog niet bepaald")), *RealisationStatus.choices]
        self.fields["progress"].max_length = 100_000
        self.fields["progress"].widget.attrs["maxlength"] = 100_000
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_progress(self):
        return self.cleaned_data["progress"].replace("\r\n", "\n")


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom stuurt u de rapportage terug?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": _("Geef aan waarom u de rapportage terugstuurt.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
