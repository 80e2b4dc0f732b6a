"""Typed readers for ``SKILLCERT_*`` environment variables.

Every deployment-specific value is read here and only here, so that
``.env.example`` and this module list the same variables.
"""

from __future__ import annotations

import base64
import os
import secrets
import stat
from pathlib import Path

PREFIX = "SKILLCERT_"
PRIVATE_UMASK = 0o077  # files 0600, directories 0700: nobody but the service account reads the data directory
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigurationError(RuntimeError):
    """A configuration value is missing or malformed; raised at start-up with a clear message."""


_read_only = False


def start_read_only() -> None:
    """Load the settings for a command that needs nothing from the data directory (``skillcert verify``).

    Called by the console script before the settings load. The data directory is then neither
    created nor tightened, no secret is generated into it (a missing one is a random value for
    this process only), the job queue lives in memory and there is no database: the command
    writes nothing, wherever it runs.
    """
    global _read_only
    _read_only = True


def read_only() -> bool:
    """True when :func:`start_read_only` was called in this process."""
    return _read_only


def env_str(name: str, default: str = "") -> str:
    """Return ``SKILLCERT_<name>`` or the default."""
    return os.environ.get(PREFIX + name, default)


def env_bool(name: str, default: bool = False) -> bool:
    """Return ``SKILLCERT_<name>`` read as a boolean (1/0, true/false, yes/no, on/off)."""
    raw = os.environ.get(PREFIX + name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigurationError(f"{PREFIX}{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    """Return ``SKILLCERT_<name>`` read as an integer."""
    raw = os.environ.get(PREFIX + name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{PREFIX}{name} must be an integer, not {raw!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    """Return ``SKILLCERT_<name>`` split on commas, blanks dropped."""
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def secret_from_env_or_file(name: str, data_dir: Path, filename: str, nbytes: int = 48) -> str:
    """Return a secret from the environment, or from a file in the data directory.

    The embedded set-up must start with no configuration, so a missing secret is
    generated once into the data directory with owner-only permissions and reused
    on every later start. Production sets the environment variable instead.
    """
    value = env_str(name)
    if value:
        return value
    path = data_dir / "secrets" / filename
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    if read_only():
        return secrets.token_urlsafe(nbytes)  # for this process only: it signs and stores nothing
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    value = secrets.token_urlsafe(nbytes)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


def fernet_keys_from_env_or_file(name: str, data_dir: Path, filename: str) -> list[str]:
    """Return Fernet keys (newest first) from ``SKILLCERT_<name>``, or one key generated into the data directory.

    The environment variable holds comma-separated keys so that they can be rotated: a new key
    goes first, the old ones stay until everything is re-encrypted. Without it, a key is
    generated once into ``<data dir>/secrets/<filename>`` (owner-only) and reused.
    """
    keys = env_list(name, "")
    if keys:
        return keys
    path = data_dir / "secrets" / filename
    if not path.exists() and read_only():
        return [base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")]  # this process only
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")  # the Fernet key format
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first: use theirs
            pass
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(key)
    return [path.read_text(encoding="utf-8").strip()]


def private_data_dir(path: Path) -> Path:
    """Make the process create owner-only files, and the data directory owner-only with all it holds.

    Called once where the settings load, before anything opens the database or the job store:
    the umask then makes every file the process creates 0600 and every directory 0700 (the
    SQLite database and its WAL and shared-memory files, the Huey job store, secrets, keys,
    uploads, progress files, prints). What an earlier version left with looser modes is
    tightened by :func:`tighten_data_dir`.
    """
    os.umask(PRIVATE_UMASK)
    if read_only():
        return path
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    tighten_data_dir(path)
    return path


def _tighten(path: str, mode: int) -> int:
    if not mode & PRIVATE_UMASK:
        return 0
    try:
        os.chmod(path, mode & ~PRIVATE_UMASK, follow_symlinks=False)
    except (PermissionError, NotImplementedError):  # not ours to change; never stop the start for it
        return 0
    return 1


def tighten_data_dir(root: Path) -> int:
    """Remove group and other permissions from ``root`` and everything under it; return how many paths changed.

    Symbolic links are neither followed nor changed.
    """
    changed = _tighten(str(root), stat.S_IMODE(os.lstat(root).st_mode))
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            try:
                info = os.lstat(path)
            except FileNotFoundError:  # removed meanwhile (a WAL file, a finished job's progress)
                continue
            if not stat.S_ISLNK(info.st_mode):
                changed += _tighten(path, stat.S_IMODE(info.st_mode))
    return changed
