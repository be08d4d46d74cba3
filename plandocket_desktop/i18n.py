"""The words a person reads: one place to mark, translate and count them (Qt-free).

Every sentence is one message with named placeholders, built in one place:
``ngettext("{count} row is ready.", "{count} rows are ready.", n).format(count=fmt_int(n))``.
Module-level tables of messages are marked with ``N_()`` and translated where shown with
``_()``. Until the catalogues exist the messages are English; ``install()`` takes a
``gettext`` translations object (the language work loads the German catalogue through it).
"""

from __future__ import annotations

import gettext

_translations: gettext.NullTranslations = gettext.NullTranslations()


def install(translations: gettext.NullTranslations) -> None:
    """Use these translations for every message from now on."""
    global _translations  # one catalogue for the whole process
    _translations = translations


def _(message: str) -> str:
    """The message in the chosen language."""
    return _translations.gettext(message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a message for extraction; it is translated where it is shown, with ``_()``."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for ``n``, in the chosen language."""
    return _translations.ngettext(singular, plural, n)


def fmt_int(n: int) -> str:
    """A whole number as the chosen language writes it (``1,234``)."""
    return f"{n:,}"
