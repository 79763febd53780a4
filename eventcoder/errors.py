"""Project error types: each carries a message a user can act on (file, line, what to do)."""


class EventcoderError(Exception):
    """A failure reported to the user as one line, without a traceback."""


class InputError(EventcoderError):
    """A bad input record or file (names the file and line)."""


class DictionaryError(EventcoderError):
    """A dictionary that cannot be loaded at all."""


class ModelNotFoundError(EventcoderError):
    """No stanza model could be found; the message says how to get one."""
