"""Every change to holders and surname readings, and every reading of an unmasked ID number.

A holder is found by the keyed hash of ID type and number; registering the same person again
returns the same row. Names change only through :func:`correct_holder`, with a reason. Change-log
snapshots are redacted: the ID number appears masked, never in full. Revealing a number is
itself logged, with the reason given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.core.actions import register as register_action_labels
from skillcert.core.actors import Actor
from skillcert.core.changelog import record_change, record_changes, snapshot
from skillcert.core.errors import InvalidInput, NotAllowed, PermissionDenied
from skillcert.people.idnumbers import check_gender, normalise_id_number, validate_id_number
from skillcert.people.models import Holder, SurnameReading
from skillcert.people.names import (
    romanise_name,
    validate_person_name,
    validate_romanised_name,
    validate_surname_reading,
)
from skillcert.people.photos import clean_photo
from skillcert.people.protection import decrypt, encrypt, hash_id_number, mask_id_number, rotate
from skillcert.people.selectors import surname_overrides

OBJECT_TYPE = "people.holder"
SURNAME_OBJECT_TYPE = "people.surnamereading"
LOGGED_FIELDS = ["name", "romanised_name", "id_type", "id_number_masked", "gender"]
Photo = bytes | IO[bytes] | None


@dataclass(frozen=True)
class HolderInput:
    """One holder as an import or a form gives it (raw, not yet validated)."""

    name: str
    id_type: str
    id_number: str
    gender: str = ""
    romanised_name: str = ""


@dataclass(frozen=True)
class CleanHolder:
    """A validated holder: normalised fields, the keyed hash; the plain number lives only in memory."""

    name: str
    romanised_name: str
    id_type: str
    id_number: str
    id_hash: str
    gender: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.id_type, self.id_hash)

    def new_holder(self) -> Holder:
        return Holder(
            name=self.name,
            romanised_name=self.romanised_name,
            id_type=self.id_type,
            id_number_hash=self.id_hash,
            id_number_encrypted=encrypt(self.id_number),
            id_number_masked=mask_id_number(self.id_number),
            gender=self.gender,
        )


def redacted_snapshot(holder: Holder) -> dict[str, Any]:
    """What the change log keeps of a holder: the ID number masked, the photo as yes/no."""
    return {**snapshot(holder, LOGGED_FIELDS), "photo": bool(holder.photo)}


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------
def _romanised(name: str, given: str, readings: Mapping[str, str]) -> str:
    if given.strip():
        return validate_romanised_name(given)
    try:
        return romanise_name(name, readings)
    except InvalidInput:
        return ""  # a character without a known reading: staff enter the romanised name by hand


def clean_holder(data: HolderInput, readings: Mapping[str, str] | None = None) -> CleanHolder:
    """Validate one holder; raises :class:`InvalidInput` naming every field that is wrong."""
    errors: dict[str, list[Any]] = {}
    name = number = ""
    try:
        name = validate_person_name(data.name)
    except InvalidInput as exc:
        errors["name"] = [exc.message]
    try:
        number = normalise_id_number(data.id_type, data.id_number)
        validate_id_number(data.id_type, number)
    except InvalidInput as exc:
        errors.update(exc.fields)
    if errors:
        first = next(iter(errors.values()))[0]
        raise InvalidInput(first, fields=errors)
    gender = check_gender(data.gender, data.id_type, number)
    romanised = _romanised(name, data.romanised_name, surname_overrides() if readings is None else readings)
    return CleanHolder(name, romanised, data.id_type, number, hash_id_number(data.id_type, number), gender)


def _name_differs() -> NotAllowed:
    return NotAllowed(
        _(
            "This ID number is already registered under a different name. If the holder's name has changed, "
            "the provincial centre corrects it first."
        ),
        code="holder_name_differs",
    )


def _read_photo(photo: Photo) -> bytes | None:
    if photo is None:
        return None
    return photo if isinstance(photo, bytes) else photo.read()


# ---------------------------------------------------------------------------
# Registering holders
# ---------------------------------------------------------------------------
def _attach_photo(holder: Holder, cleaned: tuple[bytes, str]) -> None:
    data, extension = cleaned
    holder.photo.save(f"photo.{extension}", ContentFile(data), save=False)
    Holder.objects.filter(pk=holder.pk).update(photo=holder.photo.name)


def _create(clean: CleanHolder) -> Holder | None:
    """Insert a new holder; ``None`` when another request registered the same number a moment ago."""
    try:
        with transaction.atomic():
            holder = clean.new_holder()
            holder.save()
    except IntegrityError:
        return None
    return holder


def register_holder(
    *,
    name: str,
    id_type: str,
    id_number: str,
    gender: str = "",
    romanised_name: str = "",
    photo: Photo = None,
    actor: Actor = None,
) -> Holder:
    """Return the holder with this ID number, registering them first if new.

    Everything is validated before anything is written. An existing holder keeps their
    name (a different name is refused: see :func:`correct_holder`) and gets the photo only
    if they had none. Gender may be left empty: GB 11643 numbers state it.
    """
    clean = clean_holder(HolderInput(name, id_type, id_number, gender, romanised_name))
    raw_photo = _read_photo(photo)
    cleaned_photo = clean_photo(raw_photo) if raw_photo is not None else None
    with transaction.atomic():
        holder = Holder.objects.select_for_update().filter(id_type=clean.id_type, id_number_hash=clean.id_hash).first()
        created = False
        if holder is None:
            holder = _create(clean)
            created = holder is not None
            if holder is None:
                holder = Holder.objects.get(id_type=clean.id_type, id_number_hash=clean.id_hash)
        if not created and holder.name != clean.name:
            raise _name_differs()
        if created:
            if cleaned_photo:
                _attach_photo(holder, cleaned_photo)
            record_change(
                action="people.holder.register",
                object_type=OBJECT_TYPE,
                object_id=holder.public_id,
                after=redacted_snapshot(holder),
                actor=actor,
            )
        elif cleaned_photo and not holder.photo:
            _set_photo(holder, cleaned_photo, reason="", actor=actor)
    return holder


def _bulk_log(holders: Iterable[Holder], actor: Actor) -> None:
    """One "registered" entry per new holder, written in bulk (imports register thousands at once)."""
    record_changes(
        action="people.holder.register",
        object_type=OBJECT_TYPE,
        changes=[(h.public_id, redacted_snapshot(h)) for h in holders],
        actor=actor,
    )


def _clean_all(inputs: Sequence[HolderInput]) -> list[CleanHolder]:
    readings = surname_overrides()
    cleaned: list[CleanHolder] = []
    errors: dict[str, list[Any]] = {}
    for number, item in enumerate(inputs, start=1):
        try:
            cleaned.append(clean_holder(item, readings))
        except InvalidInput as exc:
            errors[f"holder_{number}"] = [exc.message]
    if errors:
        first_key, first_messages = next(iter(errors.items()))
        raise InvalidInput(
            _("Holder %(number)s: %(message)s") % {"number": first_key.split("_")[1], "message": first_messages[0]},
            fields=errors,
        )
    return cleaned


def _existing(keys: set[tuple[str, str]]) -> dict[tuple[str, str], Holder]:
    found: dict[tuple[str, str], Holder] = {}
    hashes = sorted({h for _type, h in keys})
    for start in range(0, len(hashes), 500):
        for holder in Holder.objects.filter(id_number_hash__in=hashes[start : start + 500]):
            found[(holder.id_type, holder.id_number_hash)] = holder
    return found


def _refuse_name_conflicts(cleaned: list[CleanHolder], names: Mapping[tuple[str, str], str]) -> None:
    conflicts = {
        f"holder_{n}": [_name_differs().message] for n, c in enumerate(cleaned, start=1) if names[c.key] != c.name
    }
    if conflicts:
        first = next(iter(conflicts))
        raise InvalidInput(
            _("Holder %(number)s: %(message)s") % {"number": first.split("_")[1], "message": conflicts[first][0]},
            code="holder_name_differs",
            fields=conflicts,
        )


@transaction.atomic
def register_holders_bulk(inputs: Sequence[HolderInput], *, actor: Actor = None) -> list[Holder]:
    """Register many holders at once (imports): the holders in input order, one row per person.

    All or nothing: one invalid entry, or a number registered under another name (also twice
    in the same input), refuses the whole list, naming each entry as ``holder_<n>`` (1-based).
    """
    cleaned = _clean_all(inputs)
    holders = _existing({c.key for c in cleaned})
    names = {key: holder.name for key, holder in holders.items()}
    for clean in cleaned:
        names.setdefault(clean.key, clean.name)
    _refuse_name_conflicts(cleaned, names)
    new: dict[tuple[str, str], Holder] = {}
    for clean in cleaned:
        if clean.key not in holders and clean.key not in new:
            new[clean.key] = clean.new_holder()
    Holder.objects.bulk_create(list(new.values()), batch_size=1000)
    _bulk_log(new.values(), actor)
    holders.update(new)
    return [holders[clean.key] for clean in cleaned]


# ---------------------------------------------------------------------------
# Corrections, photos, revealing
# ---------------------------------------------------------------------------
def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        message = _("Give the reason; it is kept in the holder's history.")
        raise InvalidInput(message, code="reason_required", fields={"reason": [message]})
    return reason


def _require(actor: Actor, capability: str, message: str) -> None:
    if actor is None:
        return  # the system (CLI, imports) acts with full rights
    if not getattr(actor, "is_authenticated", False) or not actor.has_perm(f"core.{capability}"):
        raise PermissionDenied(message)


def _set_photo(holder: Holder, cleaned: tuple[bytes, str], reason: str, actor: Actor) -> None:
    before = redacted_snapshot(holder)
    _attach_photo(holder, cleaned)
    record_change(
        action="people.holder.set_photo",
        object_type=OBJECT_TYPE,
        object_id=holder.public_id,
        before=before,
        after=redacted_snapshot(holder),
        reason=reason,
        actor=actor,
    )


@transaction.atomic
def set_holder_photo(*, holder: Holder, photo: Photo, actor: Actor, reason: str, keep_existing: bool = False) -> bool:
    """Give a holder a (new) photo; the old file stays in storage, the history says who changed it.

    Only centre staff replace a photo (``actor=None`` is the system: the batch issue job, acting
    for the institution that uploaded the photos). ``keep_existing``: a holder who already has a
    photo keeps it, as when a holder is registered again, so an institution's batch never replaces
    the photo the centre or an earlier certificate put on record. Returns whether the photo was set.
    """
    _require(actor, "view_personal_data", _("Only the provincial centre changes holders' details."))
    reason = _require_reason(reason)
    data = _read_photo(photo)
    if data is None:
        raise InvalidInput(_("Choose a photo."), fields={"photo": [_("Choose a photo.")]})
    if keep_existing and Holder.objects.filter(pk=holder.pk).exclude(photo="").exists():
        return False
    _set_photo(holder, clean_photo(data), reason, actor)
    return True


@transaction.atomic
def correct_holder(
    *,
    holder: Holder,
    actor: Actor,
    reason: str,
    name: str | None = None,
    romanised_name: str | None = None,
    gender: str | None = None,
) -> Holder:
    """Correct a holder's name, romanised name or gender, with a reason (centre staff only).

    Certificates already issued keep the name printed on them; a wrong certificate is reissued.
    A new name without a new romanised name is romanised again.
    """
    _require(actor, "view_personal_data", _("Only the provincial centre corrects holders' names and details."))
    reason = _require_reason(reason)
    before = redacted_snapshot(holder)
    number = decrypt(holder.id_number_encrypted)
    if name is not None:
        holder.name = validate_person_name(name)
    if romanised_name is not None and romanised_name.strip():
        holder.romanised_name = validate_romanised_name(romanised_name)
    elif name is not None:
        holder.romanised_name = _romanised(holder.name, "", surname_overrides())
    if gender is not None:
        holder.gender = check_gender(gender, holder.id_type, number)
    if redacted_snapshot(holder) == before:
        raise NotAllowed(_("Nothing to correct: the details are unchanged."), code="unchanged")
    holder.save(update_fields=["name", "romanised_name", "gender", "updated_at"])
    record_change(
        action="people.holder.correct",
        object_type=OBJECT_TYPE,
        object_id=holder.public_id,
        before=before,
        after=redacted_snapshot(holder),
        reason=reason,
        actor=actor,
    )
    return holder


@transaction.atomic
def reveal_id_number(*, holder: Holder, user: Actor, reason: str) -> str:
    """The full ID number, for a user holding ``core.view_personal_data``; the access is logged with its reason."""
    if user is None or not user.is_authenticated or not user.has_perm("core.view_personal_data"):
        raise PermissionDenied(_("You may not see full ID numbers."))
    reason = _require_reason(reason)
    record_change(
        action="people.holder.reveal_id_number",
        object_type=OBJECT_TYPE,
        object_id=holder.public_id,
        after={"revealed": "id_number"},
        reason=reason,
        actor=user,
    )
    return decrypt(holder.id_number_encrypted)


def reencrypt_id_numbers(*, batch_size: int = 1000, actor: Actor = None) -> int:
    """Re-encrypt every holder's ID number under the newest key (after adding a key); returns the count.

    Run after putting a new key first in ``PII_ENCRYPTION_KEYS``; once it has run, the old
    key can be removed. Each batch is its own transaction, so a large table is not locked at once.
    """
    done = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(Holder.objects.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
            if not batch:
                break
            for holder in batch:
                holder.id_number_encrypted = rotate(holder.id_number_encrypted)
            Holder.objects.bulk_update(batch, ["id_number_encrypted"])
        done += len(batch)
        last_pk = batch[-1].pk
    record_change(
        action="people.holder.reencrypt", object_type=OBJECT_TYPE, object_id="*", after={"holders": done}, actor=actor
    )
    return done


# ---------------------------------------------------------------------------
# Surname readings (reference data kept by centre staff)
# ---------------------------------------------------------------------------
@transaction.atomic
def set_surname_reading(*, surname: str, reading: str, note: str = "", actor: Actor) -> SurnameReading:
    """Add or change the reading of a surname; it overrides the shipped table for new romanised names."""
    _require(actor, "manage_reference_data", _("Only the provincial centre maintains surname readings."))
    surname, reading = validate_surname_reading(surname, reading)
    existing = SurnameReading.objects.filter(surname=surname).first()
    before = snapshot(existing, ["surname", "reading", "note"]) if existing else None
    entry, _created = SurnameReading.objects.update_or_create(
        surname=surname, defaults={"reading": reading, "note": note.strip()[:200]}
    )
    record_change(
        action="people.surname_reading.set",
        object_type=SURNAME_OBJECT_TYPE,
        object_id=surname,
        before=before,
        after=snapshot(entry, ["surname", "reading", "note"]),
        actor=actor,
    )
    return entry


@transaction.atomic
def remove_surname_reading(*, surname: str, actor: Actor) -> None:
    """Remove a staff reading; the shipped table's reading (if any) applies again. Logged."""
    _require(actor, "manage_reference_data", _("Only the provincial centre maintains surname readings."))
    entry = SurnameReading.objects.filter(surname=surname).first()
    if entry is None:
        return
    before = snapshot(entry, ["surname", "reading", "note"])
    entry.delete()
    record_change(
        action="people.surname_reading.remove",
        object_type=SURNAME_OBJECT_TYPE,
        object_id=surname,
        before=before,
        actor=actor,
    )


# What staff read in the change log instead of the action codes this module writes (core.actions).
register_action_labels(
    {
        "people.holder.register": gettext_lazy("Holder registered"),
        "people.holder.set_photo": gettext_lazy("Photo set"),
        "people.holder.correct": gettext_lazy("Holder details corrected"),
        "people.holder.reveal_id_number": gettext_lazy("Full ID number viewed"),
        "people.holder.reencrypt": gettext_lazy("Personal data re-encrypted"),
        "people.surname_reading.set": gettext_lazy("Surname reading set"),
        "people.surname_reading.remove": gettext_lazy("Surname reading removed"),
    }
)
