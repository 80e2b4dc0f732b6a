"""Forms of the public verify page, the employer's code page and the holder's code creation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from skillcert.verification.services import MAX_DAYS, MIN_DAYS


class VerifyForm(forms.Form):
    """Paste a credential or bundle, or upload its file (size checked by the verifier before reading)."""

    text = forms.CharField(
        label=_("Paste the credential or bundle (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "mono full-width"}),
    )
    file = forms.FileField(label=_("or upload the file"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Paste a credential or choose a file."))
        return data

    @property
    def raw(self) -> Any:
        return self.cleaned_data.get("file") or self.cleaned_data["text"]


class CodeForm(forms.Form):
    """What an employer types: the holder's code, with or without dashes."""

    code = forms.CharField(
        label=_("Verification code"),
        max_length=64,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "mono", "placeholder": "XXXX-XXXX-XXXX-XXXX"}),
    )


class CreateCodeForm(forms.Form):
    """How long the employer may use the code; the service refuses anything outside 7–180 days."""

    days = forms.IntegerField(
        label=_("Valid for (days)"),
        initial=30,
        min_value=MIN_DAYS,
        max_value=MAX_DAYS,
        widget=forms.NumberInput(attrs={"min": MIN_DAYS, "max": MAX_DAYS, "step": 1}),
    )
