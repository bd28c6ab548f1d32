"""The one kind of error that means "a person must fix something before the bot can run".

``ConfigError`` (a config key or the token), ``StoreError`` (the database) and the
lock's errors are ``SetupError``\\ s. The command line prints ``str(err)`` as
``welcomebot: error: <one line>`` and exits 2, in one place (``bot.cli``). Exit 2 is
the status the README's systemd unit does not restart on, so it must never mean
"try again later".
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


class SetupError(Exception):
    """Unusable configuration, token or database. ``str(err)`` is one line that names
    the problem and the fix."""


def cannot_write(path: Path, error_number: int, *, needed_for: str = "") -> str:
    """Why the bot may not create or write ``path`` (needed for ``needed_for``), and what
    to do, as one line naming ``storage.database``."""
    needed = f" (needed for the {needed_for})" if needed_for else ""
    if error_number == errno.EROFS:
        return (
            f"storage.database: {path} is on a read-only filesystem{needed}; "
            "mount it read-write or choose another path"
        )
    if error_number in (errno.EACCES, errno.EPERM):
        return (
            f"storage.database: {path} is not writable by uid {os.geteuid()}, the user the bot "
            f"runs as{needed}; give that user write access (chown or chmod) or choose another path"
        )
    return f"storage.database: cannot write {path}{needed} ({os.strerror(error_number)})"
