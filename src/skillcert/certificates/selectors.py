"""Reads of certificates: the public two-factor query, holder pages, institution lists."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.db.models import QuerySet

from skillcert.catalog.choices import CertificateType
from skillcert.certificates.models import Certificate

SKILL_QUERY_TYPES = (CertificateType.SKILL_LEVEL, CertificateType.QUALIFICATION)
SPECIAL_QUERY_TYPES = (CertificateType.SPECIAL_ABILITY,)


def normalise_name(name: str) -> str:
    """Compare names as printed: NFC, no spaces, one kind of middle dot."""
    name = unicodedata.normalize("NFC", name or "")
    for dot in ("・", "•", "．", "."):
        name = name.replace(dot, "·")
    return "".join(name.split())


def _with_relations(queryset: QuerySet[Certificate]) -> QuerySet[Certificate]:
    return queryset.select_related("holder", "institution", "project", "region", "superseded_by")


def query_by_name_and_id(
    *, name: str, id_number: str, certificate_number: str = "", types: Iterable[str] = SKILL_QUERY_TYPES
) -> list[Certificate]:
    """Both factors must match: the holder's ID number (keyed hash) and the name as printed.

    Returns an empty list whatever factor is wrong, so the answer never tells
    whether a name, an ID number or a certificate number exists on its own.
    """
    from skillcert.people.selectors import find_holders_by_name_and_id

    holders = find_holders_by_name_and_id(name, id_number)
    if not holders:
        return []
    queryset = Certificate.objects.filter(holder__in=holders, certificate_type__in=list(types))
    if certificate_number:
        queryset = queryset.filter(number=certificate_number.strip().upper())
    wanted = normalise_name(name)
    return [c for c in _with_relations(queryset) if normalise_name(c.holder_name) == wanted]


def query_by_number_and_name(
    *, certificate_number: str, name: str, types: Iterable[str] = SKILL_QUERY_TYPES
) -> list[Certificate]:
    """The certificate with this number, only when the name printed on it matches too."""
    certificate = _with_relations(
        Certificate.objects.filter(number=certificate_number.strip().upper(), certificate_type__in=list(types))
    ).first()
    if certificate is None or normalise_name(certificate.holder_name) != normalise_name(name):
        return []
    return [certificate]


def certificates_of_holder(holder_id: int) -> QuerySet[Certificate]:
    """All certificates of one holder, newest first (for the holder page)."""
    return _with_relations(Certificate.objects.filter(holder_id=holder_id)).order_by("-issued_on", "number")


def get_by_public_id(public_id: str) -> Certificate | None:
    return _with_relations(Certificate.objects.filter(public_id=public_id)).first()
