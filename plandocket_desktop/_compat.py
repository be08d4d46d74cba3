"""``@override`` for the modules imported while the window opens, without typing_extensions.

Importing typing_extensions costs a few milliseconds of a cold start that should stay close to
a bare Qt window's. Type checkers see typing_extensions' ``override``; at run time the
decorator only marks the method, as typing_extensions' does. Modules imported later use
typing_extensions directly. Qt-free, so the core and ``i18n`` use it too (the UI through
``ui.compat``).
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import override as override
else:

    def override(method):
        with contextlib.suppress(AttributeError, TypeError):  # e.g. a read-only descriptor
            method.__override__ = True
        return method
