"""``@override`` for the modules imported while the window opens, without typing_extensions
(see ``plandocket_desktop._compat``, which the core shares)."""

from __future__ import annotations

from plandocket_desktop._compat import override as override
