"""Find known names (occupations, institutions) in free text: a character trie, longest match wins.

The catalogue has ~1,600 occupation names; building the trie once and walking it from each
position keeps a check of a long advertisement to a few milliseconds, where trying every
name with ``str.find`` would cost a pass per name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_END = ""  # key under which a trie node stores the value of the name ending there


@dataclass(frozen=True)
class Match:
    """One name found in the text: where, which name, and the value stored for it."""

    start: int
    end: int
    name: str
    value: Any


@dataclass
class NameMatcher:
    """A trie of names; :meth:`find_all` returns non-overlapping longest matches, left to right."""

    root: dict[str, Any] = field(default_factory=dict)
    size: int = 0

    @classmethod
    def build(cls, names: Iterable[tuple[str, Any]], *, min_length: int = 2) -> NameMatcher:
        matcher = cls()
        for name, value in names:
            if len(name) >= min_length:
                matcher.add(name, value)
        return matcher

    def add(self, name: str, value: Any) -> None:
        node = self.root
        for ch in name:
            node = node.setdefault(ch, {})
        if _END not in node:
            self.size += 1
        node[_END] = value

    def _longest_at(self, text: str, start: int) -> tuple[int, Any] | None:
        node: dict[str, Any] | None = self.root
        best = None
        for position in range(start, len(text)):
            node = node.get(text[position]) if node is not None else None
            if node is None:
                break
            if _END in node:
                best = (position + 1, node[_END])
        return best

    def find_all(self, text: str) -> list[Match]:
        """Every name in ``text``; at each position the longest name wins and matches never overlap."""
        found, position = [], 0
        while position < len(text):
            hit = self._longest_at(text, position) if text[position] in self.root else None
            if hit is None:
                position += 1
                continue
            end, value = hit
            found.append(Match(position, end, text[position:end], value))
            position = end
        return found
