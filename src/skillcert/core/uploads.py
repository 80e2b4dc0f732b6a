"""Request bodies refused before they are read, and upload temporary files kept private in the data directory.

Django reads a request body the first time anything touches ``request.POST`` or
``request.FILES`` (the CSRF check does, before any view), and writes every file
larger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary file. So the limits
are enforced in :class:`RequestBodyLimitMiddleware`, which runs before anything
reads the body:

- every URL has a body limit (:func:`limit_for`): the results uploads of
  assessment batches and competitions ``SKILLCERT_MAX_UPLOAD_BYTES`` plus the
  form around the file, complaint evidence five files of
  ``SKILLCERT_EVIDENCE_MAX_BYTES``, the verifier 1 MiB, everything else
  ``SKILLCERT_MAX_FORM_BYTES``. A larger ``Content-Length`` is answered 413 unread;
- anonymous upload pages (complaint evidence, the verifier) first count the
  client against ``SKILLCERT_UPLOAD_RATE_LIMIT`` and answer 429 unread past it;
- :class:`CountingUploadHandler` counts the bytes as they stream, in case a body
  runs past what its headers announced.

Temporary upload files go to ``FILE_UPLOAD_TEMP_DIR`` (``<data dir>/tmp/uploads``,
mode 0700), one sub-directory per process (:func:`process_temp_dir`); when a
server process starts, :func:`clean_upload_temp_dir` removes what processes that
no longer run left behind (a killed worker leaves its temporary file, which may
hold ID numbers).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, TemporaryFileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from skillcert.core.ratelimit import RateLimited, check_rate

FORM_OVERHEAD_BYTES = 1024 * 1024  # multipart boundaries and headers, the CSRF token, the other fields
VERIFY_INPUT_BYTES = 1024 * 1024  # the verifier reads at most 1 MiB (skillcert.verification.verifier)
VERIFY_OVERHEAD_BYTES = 64 * 1024
EVIDENCE_FILES = 5
BODY_METHODS = ("POST", "PUT", "PATCH")


def _results_limit() -> int:
    return int(getattr(settings, "MAX_UPLOAD_BYTES", 50 * 1024 * 1024)) + FORM_OVERHEAD_BYTES


def _evidence_limit() -> int:
    per_file = int(getattr(settings, "SKILLCERT_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))
    return EVIDENCE_FILES * per_file + FORM_OVERHEAD_BYTES


def _verify_limit() -> int:
    return VERIFY_INPUT_BYTES + VERIFY_OVERHEAD_BYTES


def _form_limit() -> int:
    return int(getattr(settings, "MAX_FORM_BYTES", settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 5 * 1024 * 1024))


@dataclass(frozen=True)
class BodyRule:
    """The body limit of the URLs matching ``pattern``; ``anonymous``: the upload is open to anyone."""

    pattern: re.Pattern[str]
    limit: Callable[[], int]
    anonymous: bool = False


RULES = (
    BodyRule(re.compile(r"/assessments/[^/]+/upload/"), _results_limit),
    BodyRule(re.compile(r"/competitions/manage/[^/]+/upload/"), _results_limit),
    BodyRule(re.compile(r"/supervision/(complain|track/case/add)/"), _evidence_limit, anonymous=True),
    BodyRule(re.compile(r"/verify/"), _verify_limit, anonymous=True),
    BodyRule(re.compile(r"/api/v1/verify/?"), _verify_limit),
)
DEFAULT_RULE = BodyRule(re.compile(r".*"), _form_limit)


def rule_for(path: str) -> BodyRule:
    """The body rule of a URL path (the default form limit when no upload rule matches)."""
    return next((rule for rule in RULES if rule.pattern.fullmatch(path)), DEFAULT_RULE)


def limit_for(path: str) -> int:
    return rule_for(path).limit()


def upload_rate() -> str:
    return str(getattr(settings, "UPLOAD_RATE_LIMIT", "30/m"))


def _content_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KiB"


def _refusal(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        body = {"code": code, "message": message, "fields": {}}
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    context = {"title": _("Request refused"), "message": message, "code": code}
    return render(request, "core/request_refused.html", context, status=status)


class RequestBodyLimitMiddleware:
    """Refuse a request body over its URL's limit, or an anonymous upload over the rate limit, before it is read.

    Place it before any middleware that reads ``request.POST``, ``request.FILES`` or
    ``request.body`` (the CSRF check, the NUL check). Created once per server
    process: it removes the upload leftovers of processes that no longer run.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        clean_upload_temp_dir()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in BODY_METHODS:
            return self.get_response(request)
        rule = rule_for(request.path_info)
        if rule.anonymous and request.content_type == "multipart/form-data":
            try:
                check_rate(request, "anonymous-upload", upload_rate())
            except RateLimited as exc:
                response = _refusal(request, 429, "rate_limited", str(exc.message))
                response["Retry-After"] = str(exc.retry_after)
                return response
        limit = rule.limit()
        if _content_length(request) > limit:
            message = _("The request is larger than %(limit)s and was not read.") % {"limit": _megabytes(limit)}
            return _refusal(request, 413, "too_large", message)
        return self.get_response(request)


class CountingUploadHandler(FileUploadHandler):
    """First upload handler: counts the bytes of every file as they stream and stops past the URL's limit."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.limit = limit_for(request.path_info) if request is not None else _form_limit()
        self.seen = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.seen += len(raw_data)
        if self.seen > self.limit:
            raise RequestDataTooBig("the uploaded files are larger than this address accepts")
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _process_dir_name(pid: int) -> str:
    return f"{socket.gethostname()}-{pid}"


def _base_dir() -> Path:
    base = Path(settings.FILE_UPLOAD_TEMP_DIR)
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    base.chmod(0o700)
    return base


def process_temp_dir() -> Path:
    """This process's private directory for upload temporary files (created 0700)."""
    folder = _base_dir() / _process_dir_name(os.getpid())
    folder.mkdir(exist_ok=True, mode=0o700)
    return folder


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return pid < 2**22  # another user's live process; an impossible pid is not alive
    return True


def _left_behind(entry: Path) -> bool:
    """A loose file, or the directory of a process of this host that no longer runs."""
    host, _dash, pid = entry.name.rpartition("-")
    if not entry.is_dir() or not pid.isdigit():
        return True
    return host == socket.gethostname() and int(pid) != os.getpid() and not _pid_alive(int(pid))


def clean_upload_temp_dir() -> int:
    """Remove the upload temporary files that processes which no longer run left behind; return how many entries."""
    removed = 0
    for entry in _base_dir().iterdir():
        if _left_behind(entry):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed += 1
    return removed


class PrivateTemporaryUploadedFile(TemporaryUploadedFile):
    """A temporary upload in this process's private directory, named without the uploader's file name."""

    def __init__(
        self, name: str, content_type: str, size: int, charset: str | None, content_type_extra: Any = None
    ) -> None:
        file = tempfile.NamedTemporaryFile(suffix=".upload", dir=process_temp_dir())  # noqa: SIM115 (closed by Django)
        UploadedFile.__init__(self, file, name, content_type, size, charset, content_type_extra)


class PrivateTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's temporary-file handler, writing into :func:`process_temp_dir`."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        FileUploadHandler.new_file(self, *args, **kwargs)
        self.file = PrivateTemporaryUploadedFile(
            self.file_name or "", self.content_type or "", 0, self.charset, self.content_type_extra
        )
