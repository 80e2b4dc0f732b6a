"""The signed holder link on its own: it gives back exactly the holder it was made for, and nothing else reads."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from skillcert.certificates import holderlink

START = dt.datetime(2026, 6, 1, 9, 0, 0, tzinfo=dt.UTC)
HOLDER = "0123456789abcdefghjk"


def test_a_link_reads_back_as_exactly_its_holder():
    with time_machine.travel(START, tick=False):
        token = holderlink.make_token(HOLDER)
        assert holderlink.read_token(token) == HOLDER
        assert holderlink.read_token(holderlink.make_token("zyxwvtsrqpnmkjhg9876")) == "zyxwvtsrqpnmkjhg9876"
    assert HOLDER not in token  # the id is signed, not shown as is


def test_the_link_is_refused_exactly_after_thirty_minutes():
    with time_machine.travel(START, tick=False):
        token = holderlink.make_token(HOLDER)
    with time_machine.travel(START + dt.timedelta(seconds=30 * 60), tick=False):
        assert holderlink.read_token(token) == HOLDER
    with time_machine.travel(START + dt.timedelta(seconds=30 * 60 + 1), tick=False):
        assert holderlink.read_token(token) is None


@pytest.mark.parametrize("change", [lambda t: t[:-1], lambda t: t + "x", lambda t: "x" + t, lambda t: t.swapcase()])
def test_an_altered_link_is_refused(change):
    with time_machine.travel(START, tick=False):
        assert holderlink.read_token(change(holderlink.make_token(HOLDER))) is None


@pytest.mark.parametrize("token", ["", "nonsense", ":", "a:b:c"])
def test_garbage_is_refused(token):
    assert holderlink.read_token(token) is None
