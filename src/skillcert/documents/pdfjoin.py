"""Join PDF files made by reportlab into one file, streaming: memory holds one part at a time.

reportlab keeps every page of a canvas in memory until ``save()``, so a batch of 100,000
certificates cannot be one canvas. :func:`render_batch <skillcert.documents.render.render_batch>`
renders parts of a few hundred pages, and :class:`StreamingPdfJoiner` appends each part to the
output file as soon as it is made, keeping only the byte offsets of the objects written.

Each part's objects are renumbered after the ones already written; the part's own page tree
becomes a child of one top page tree, and its catalogue and information dictionary are
dropped. This is not a general PDF merger: it relies on what reportlab writes (a classic
cross-reference table, dictionaries with direct ``/Length``, no object streams), which is
checked, and refuses anything else.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

_REF = re.compile(rb"(\d+) 0 R")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
ROOT, PAGES, INFO = 1, 2, 3  # objects written by the joiner itself


class StreamingPdfJoiner:
    """Write ``%PDF`` parts one after another into one file with one page tree."""

    def __init__(self, path: Path, *, title: str = "") -> None:
        self._file: BinaryIO = path.open("wb")
        self._offsets: dict[int, int] = {}
        self._next = INFO + 1
        self._kids: list[int] = []
        self._count = 0
        self._title = title
        self._file.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    def __enter__(self) -> StreamingPdfJoiner:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if kind is None:
            self.close()
        else:
            self._file.close()

    @property
    def page_count(self) -> int:
        """Pages appended so far."""
        return self._count

    def append(self, part: bytes, pages: int) -> None:
        """Append a reportlab PDF of ``pages`` pages."""
        objects = _objects(part)
        catalog = _trailer_ref(part, b"/Root")
        info = _trailer_ref(part, b"/Info")
        part_pages = int(_REF.search(_dict_of(objects[catalog]).split(b"/Pages", 1)[1]).group(1))  # type: ignore[union-attr]
        base = self._next - 1
        for number, body in sorted(objects.items()):
            if number in (catalog, info):
                continue
            new_body = _renumber(body, base)
            if number == part_pages:
                new_body = new_body.replace(b"<<", f"<< /Parent {PAGES} 0 R".encode(), 1)
                self._kids.append(number + base)
            self._write(number + base, new_body)
        self._next = base + max(objects) + 1
        self._count += pages

    def _write(self, number: int, body: bytes) -> None:
        self._offsets[number] = self._file.tell()
        self._file.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def close(self) -> None:
        """Write the page tree, catalogue and cross-reference table, and close the file."""
        kids = " ".join(f"{k} 0 R" for k in self._kids)
        self._write(PAGES, f"<< /Type /Pages /Count {self._count} /Kids [ {kids} ] >>".encode())
        self._write(ROOT, f"<< /Type /Catalog /Pages {PAGES} 0 R >>".encode())
        self._write(INFO, b"<< /Producer (skillcert) /Title <" + _utf16_hex(self._title) + b"> >>")
        size = self._next
        xref_at = self._file.tell()
        lines = [b"xref", b"0 %d" % size, b"0000000000 65535 f "]
        lines += [
            b"%010d 00000 n " % self._offsets[n] if n in self._offsets else b"0000000000 65535 f "
            for n in range(1, size)
        ]
        self._file.write(b"\n".join(lines) + b"\n")
        trailer = f"trailer\n<< /Size {size} /Root {ROOT} 0 R /Info {INFO} 0 R >>\nstartxref\n{xref_at}\n%%EOF\n"
        self._file.write(trailer.encode())
        self._file.close()


def _utf16_hex(text: str) -> bytes:
    return ("FEFF" + text.encode("utf-16-be").hex().upper()).encode()


def _objects(part: bytes) -> dict[int, bytes]:
    """Object number → the bytes between ``N 0 obj`` and ``endobj``, read through the xref table."""
    xref_at = int(part[part.rindex(b"startxref") + 9 :].split()[0])
    table = part[xref_at:]
    if not table.startswith(b"xref"):
        raise ValueError("not a classic cross-reference table: this joiner only reads reportlab's output")
    entries = _XREF_ENTRY.findall(table.split(b"trailer", 1)[0])
    starts = sorted((int(offset), number) for number, (offset, _, kind) in enumerate(entries) if kind == b"n")
    objects: dict[int, bytes] = {}
    for i, (offset, number) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else xref_at
        chunk = part[offset:end]
        head = chunk.index(b"obj") + 3
        objects[number] = chunk[head : chunk.rindex(b"endobj")].strip(b"\r\n ")
    return objects


def _dict_of(body: bytes) -> bytes:
    """The dictionary part of an object (before ``stream``, whose bytes are never touched)."""
    at = body.find(b"\nstream")
    return body if at < 0 else body[:at]


def _renumber(body: bytes, base: int) -> bytes:
    at = body.find(b"\nstream")
    head, tail = (body, b"") if at < 0 else (body[:at], body[at:])
    return _REF.sub(lambda m: b"%d 0 R" % (int(m.group(1)) + base), head) + tail


def _trailer_ref(part: bytes, key: bytes) -> int:
    trailer = part[part.rindex(b"trailer") :]
    match = re.search(re.escape(key) + rb"\s+(\d+) 0 R", trailer)
    if match is None:
        raise ValueError(f"the part's trailer has no {key.decode()}")
    return int(match.group(1))
