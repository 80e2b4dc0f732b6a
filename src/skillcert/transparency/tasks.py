"""Background task: sign a checkpoint every minute when the log grew, so that no entry waits long unsigned."""

from __future__ import annotations

import datetime as dt

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from skillcert.transparency import services


@db_periodic_task(crontab(minute="*"))
def publish_checkpoint_when_grown() -> None:
    """Publish a checkpoint if entries were appended since the latest one."""
    services.publish_checkpoint_if_due(interval=dt.timedelta(0))
