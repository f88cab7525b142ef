import logging


class WithoutTraceback(logging.Filter):
    """Log the message alone: for events that say all in one line and happen often."""

    def filter(self, record):
        record.exc_info = record.exc_text = None
        return True
