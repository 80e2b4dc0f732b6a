"""Holders (people with an ID number) registered through ``people.services``, as imports and forms register them."""

from __future__ import annotations

from typing import Any

import factory

from skillcert.people.models import Holder
from tests.factories.idnumbers import valid_id

NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴燕"]


class HolderFactory(factory.Factory):
    """A holder with a resident ID number (a different valid one each time unless given)."""

    class Meta:
        model = Holder

    name = "张三"
    id_type = "resident_id"
    id_number = factory.Sequence(lambda n: valid_id(f"51010719770707{n % 1000:03d}"))
    gender = "male"

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from skillcert.people.services import register_holder

        return register_holder(**kwargs)


def holders(n: int) -> list[Any]:
    """``n`` holders named from :data:`NAMES`, born 1990-03-01 onwards (so their ID numbers are stable)."""
    return [
        HolderFactory(name=NAMES[i - 1], id_number=valid_id(f"510107199003{i:02d}123"[:17])) for i in range(1, n + 1)
    ]
