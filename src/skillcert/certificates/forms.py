"""Public query form (two factors)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NoEchoTextInput(forms.TextInput):
    """A text box that never writes the submitted value back into the page (ID numbers are personal data)."""

    def format_value(self, value: Any) -> str | None:
        return None


MODES = [("id", _("Name + ID number")), ("number", _("Certificate number + name"))]


class CertificateQueryForm(forms.Form):
    """姓名 + 证件号码 (certificate number optional), or 证书编号 + 姓名."""

    mode = forms.ChoiceField(label=_("Query by"), choices=MODES, initial="id", widget=forms.RadioSelect)
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=30)
    id_number = forms.CharField(
        label=_("ID number"), max_length=32, required=False, widget=NoEchoTextInput(attrs={"autocomplete": "off"})
    )
    certificate_number = forms.CharField(label=_("Certificate number"), max_length=32, required=False)
    # The browser's solved check, asked for only after repeated failed queries (certificates.querylimits).
    # Its length is bounded where it is verified; the template never writes a spent one back.
    altcha = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mode = data.get("mode")
        if mode == "id" and not data.get("id_number"):
            self.add_error("id_number", _("Enter the ID number as printed on the certificate."))
        if mode == "number" and not data.get("certificate_number"):
            self.add_error("certificate_number", _("Enter the certificate number."))
        return data
