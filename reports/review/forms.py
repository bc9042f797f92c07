from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _


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
