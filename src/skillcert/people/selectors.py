"""Reads of holders for other apps: always by keyed hash, never by a plain ID number."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from skillcert.core.errors import InvalidInput
from skillcert.people.idnumbers import is_valid_id_number, matching_id_types, normalise_id_number
from skillcert.people.models import Holder, SurnameReading
from skillcert.people.names import romanise_name, validate_person_name
from skillcert.people.protection import hash_id_number


def find_holder(*, id_type: str, id_number: str) -> Holder | None:
    """The holder with this ID type and number, or ``None`` (also for a number that is not valid)."""
    number = normalise_id_number(id_type, id_number)
    if not is_valid_id_number(id_type, number):
        return None
    return Holder.objects.filter(id_type=id_type, id_number_hash=hash_id_number(id_type, number)).first()


def find_holders_by_name_and_id(name: str, id_number: str) -> list[Holder]:
    """Holders whose ID number (of any type it could be) and name both match: the public two-factor query.

    The number is tried as every ID type whose format accepts it. An empty list answers any
    mismatch, so the result never tells whether the name or the number exists on its own.
    """
    try:
        wanted = validate_person_name(name)
    except InvalidInput:
        return []
    condition = Q()
    for id_type in matching_id_types(id_number):
        number = normalise_id_number(id_type, id_number)
        condition |= Q(id_type=id_type, id_number_hash=hash_id_number(id_type, number))
    if not condition:
        return []
    return [holder for holder in Holder.objects.filter(condition) if holder.name == wanted]


def surname_overrides() -> dict[str, str]:
    """Surname readings kept by centre staff (they override ``data/surnames.csv``)."""
    return dict(SurnameReading.objects.values_list("surname", "reading"))


def romanise(name: str) -> str:
    """:func:`skillcert.people.names.romanise_name` with the staff's surname readings applied."""
    return romanise_name(name, surname_overrides())


def registered_names(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Names under which these (ID type, ID number) pairs are already registered, by keyed hash.

    For import previews: a row whose number is registered under another name would be
    refused at commit, so the preview says so first (without showing the other name).
    """
    by_hash = {hash_id_number(id_type, number): (id_type, number) for id_type, number in pairs}
    found: dict[tuple[str, str], str] = {}
    hashes = sorted(by_hash)
    for start in range(0, len(hashes), 500):
        for holder in Holder.objects.filter(id_number_hash__in=hashes[start : start + 500]).only(
            "id_type", "id_number_hash", "name"
        ):
            key = by_hash[holder.id_number_hash]
            if key[0] == holder.id_type:
                found[key] = holder.name
    return found
