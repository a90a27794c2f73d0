"""Logging filters wired in settings.LOGGING."""

import logging


class OnceOnly(logging.Filter):
    """Lets a message that starts with `prefix` through the first time only.

    WeasyPrint warns "Using fontTools instead of HarfBuzz-Subset" for every font of every PDF; said once,
    it tells an administrator what to install, said six times per report it buries everything else.
    """

    def __init__(self, prefix):
        super().__init__()
        self.prefix = prefix
        self.seen = False

    def filter(self, record):
        if not str(record.msg).startswith(self.prefix):
            return True
        if self.seen:
            return False
        self.seen = True
        return True
