"""Choices of the ``people`` app (ID types live in :mod:`skillcert.people.idnumbers`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    """The holder's sex as the ID document states it (性别)."""

    MALE = "male", _("male")
    FEMALE = "female", _("female")
    UNSPECIFIED = "unspecified", _("not stated")


# The words an uploaded file may write in its 性别 column, to the stored value (empty: not given).
GENDER_WORDS = {"男": "male", "女": "female", "male": "male", "female": "female", "m": "male", "f": "female", "": ""}
