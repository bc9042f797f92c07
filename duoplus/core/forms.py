"""The login form: Django's, with its length limits enforced before anything is checked."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

# Longer than any password manager makes; a longer one is refused before it is hashed.
MAX_PASSWORD_LENGTH = 4096


class LoginForm(AuthenticationForm):
    """Django's form sets the username's max_length only as an HTML attribute; a longer
    value would still reach authentication (and the lockout records). Refuse it here."""

    def clean(self):
        username = self.data.get("username") or ""
        password = self.data.get("password") or ""
        if len(username) > self.username_field.max_length or len(password) > (MAX_PASSWORD_LENGTH):
            raise forms.ValidationError(
                _("Deze gebruikersnaam of dit wachtwoord is te lang."), code="too_long"
            )
        return super().clean()
