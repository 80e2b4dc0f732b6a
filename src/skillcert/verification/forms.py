"""Forms of the public verify page, the employer's code page (and its ID number check), the holder's codes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from skillcert.certificates.forms import NoEchoTextInput
from skillcert.core.params import StrictIntegerField
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


class IdCheckForm(forms.Form):
    """The optional "核对证件号码" step: the code again (hidden) and the number the holder shows.

    The number is never written back into the page, whatever the answer.
    """

    step = forms.CharField(widget=forms.HiddenInput, initial="id_check")
    code = forms.CharField(max_length=64, widget=forms.HiddenInput)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=32,
        widget=NoEchoTextInput(attrs={"autocomplete": "off", "class": "mono", "spellcheck": "false"}),
    )


class CreateCodeForm(forms.Form):
    """How long the employer may use the code; the service refuses anything outside 7–180 days."""

    days = StrictIntegerField(
        label=_("Valid for (days)"),
        initial=30,
        min_value=MIN_DAYS,
        max_value=MAX_DAYS,
        widget=forms.NumberInput(attrs={"min": MIN_DAYS, "max": MAX_DAYS, "step": 1}),
    )
