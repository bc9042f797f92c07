from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .services import size_error


class BudgetImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand (.xlsx of .csv)"),
        help_text=_(
            "Eén regel per wijziging per jaar, met de kolommen code, titel, categorie, "
            "programma, jaar, bedrag, soort, meerjarig en toelichting."
        ),
        error_messages={"required": _("Kies het bestand dat u wilt inlezen.")},
    )
    remove_missing = forms.BooleanField(
        label=_("Wijzigingen die niet in het bestand staan verwijderen"),
        required=False,
        help_text=_("Anders blijven die staan zoals ze zijn."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv,text/csv"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(
                _("Kies een .xlsx- of .csv-bestand; “%(name)s” is dat niet.")
                % {"name": upload.name}
            )
        problem = size_error(upload.size)
        if problem:
            raise forms.ValidationError(problem)
        return upload
