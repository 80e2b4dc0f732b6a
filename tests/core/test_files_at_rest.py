"""Files at rest: the data directory is 0700 and every file the system creates in it is 0600.

A fresh process is started on an empty data directory (it creates the SQLite database with its
WAL and shared-memory files, the job store and the generated secrets), and on a data directory
left with looser modes by an older version, which the start tightens.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

START = """
import json, os, stat, django
django.setup()
from django.conf import settings
from django.db import connection
from huey.contrib.djhuey import HUEY
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS probe (x integer)")
    cursor.execute("INSERT INTO probe VALUES (1)")
HUEY.put("probe", "value")
modes = {}  # taken while the database is open: SQLite removes its WAL and shared-memory files on close
for folder, dirs, files in os.walk(settings.DATA_DIR):
    for name in dirs + files:
        path = os.path.join(folder, name)
        modes[os.path.relpath(path, settings.DATA_DIR)] = stat.S_IMODE(os.lstat(path).st_mode)
print(json.dumps({"database": str(connection.settings_dict["NAME"]), "modes": modes}))
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def loose(root: Path) -> list[str]:
    """Every path under ``root`` (and root itself) that group or others may read, write or enter."""
    found = [root, *root.rglob("*")]
    return [f"{p.relative_to(root.parent)} {mode(p):o}" for p in found if not p.is_symlink() and mode(p) & 0o077]


def start_process(data_dir: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in ("SKILLCERT_DATABASE_URL", "SKILLCERT_REDIS_URL")}
    env |= {"SKILLCERT_DATA_DIR": str(data_dir), "SKILLCERT_JOBS_IMMEDIATE": "false"}
    env |= {"DJANGO_SETTINGS_MODULE": "skillcert.config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", START], env=env, capture_output=True, text=True, timeout=120, check=False, umask=0o022
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_fresh_data_directory_holds_only_owner_only_files(tmp_path: Path):
    data_dir = tmp_path / "fresh"
    seen = start_process(data_dir)
    assert Path(seen["database"]).parent == data_dir
    created = {Path(name).name for name in seen["modes"]}
    assert {"skillcert.sqlite3", "skillcert.sqlite3-wal", "skillcert.sqlite3-shm", "jobs.sqlite3"} <= created
    assert {"django_secret_key", "pii_hash_key", "pii_encryption_key"} <= created
    assert {name: f"{m:o}" for name, m in seen["modes"].items() if m not in (0o600, 0o700)} == {}
    assert mode(data_dir) == 0o700
    assert loose(data_dir) == []


def test_the_start_tightens_what_an_older_version_left_readable(tmp_path: Path):
    data_dir = tmp_path / "old"
    (data_dir / "media" / "people" / "photos").mkdir(parents=True)
    for directory in (
        data_dir,
        data_dir / "media",
        data_dir / "media" / "people",
        data_dir / "media" / "people" / "photos",
    ):
        directory.chmod(0o755)
    old_files = [data_dir / "skillcert.sqlite3", data_dir / "prints" / "b1.pdf", data_dir / "media/people/photos/a.jpg"]
    for path in old_files:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
        path.chmod(0o644)
    (data_dir / "outside-link").symlink_to("/etc/hostname")
    start_process(data_dir)
    assert loose(data_dir) == []
    assert mode(Path("/etc/hostname")) & 0o044  # a symlink's target is never touched


def test_tighten_data_dir_returns_how_many_paths_it_changed(tmp_path: Path):
    from skillcert.config.env import tighten_data_dir

    (tmp_path / "a").write_bytes(b"")
    (tmp_path / "a").chmod(0o664)
    (tmp_path / "d").mkdir(mode=0o775)
    (tmp_path / "d").chmod(0o775)
    (tmp_path / "d" / "b").write_bytes(b"")
    (tmp_path / "d" / "b").chmod(0o600)
    tmp_path.chmod(0o755)
    assert tighten_data_dir(tmp_path) == 3
    assert (mode(tmp_path), mode(tmp_path / "a"), mode(tmp_path / "d")) == (0o700, 0o600, 0o700)
    assert tighten_data_dir(tmp_path) == 0


def test_this_test_process_runs_with_the_private_umask_and_data_directory():
    current = os.umask(0o077)
    os.umask(current)
    assert current == 0o077
    assert mode(Path(settings.DATA_DIR)) == 0o700


@pytest.mark.django_db
def test_an_uploaded_photo_is_owner_only():
    from tests.people.test_services import image_bytes, register

    holder = register(photo=image_bytes("JPEG"))
    path = Path(holder.photo.path)
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert settings.FILE_UPLOAD_PERMISSIONS == 0o600 and settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS == 0o700
