"""argparse's own words (usage, errors, "show this help message and exit") in our catalogue.

argparse asks ``gettext`` for them in its own domain, which no system ships in German; the
command line points argparse at our ``_`` instead, and these are the messages it asks for.
"""

from __future__ import annotations

import argparse

from plandocket_desktop import i18n
from plandocket_desktop.i18n import N_

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _plain(message: str) -> str:
    # argparse formats with %, so the fallback of i18n's str.format does not apply: a str.
    return str(i18n._(message))


def translate_argparse() -> None:
    """Let argparse speak the chosen language (its module looks ``_`` up at each call)."""
    argparse._ = _plain  # type: ignore[attr-defined]
