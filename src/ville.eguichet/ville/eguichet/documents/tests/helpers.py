"""Helpers of the documents' tests (not a test module)."""

from zope.i18n import translate


def untranslated(messages):
    """The messages that have no French translation in the ``ville`` domain."""
    return [
        str(message)
        for message in messages
        if translate(message, target_language="fr") == message.default
        or translate(message, target_language="fr") == str(message)
    ]
