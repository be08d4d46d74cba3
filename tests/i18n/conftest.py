"""Fixtures of the language tests: a language installed for one test, English again after."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from plandocket_desktop import i18n


@pytest.fixture
def use_language() -> Iterator[Callable[[str], str]]:
    """Load a language's real catalogue for this test; English is back afterwards."""

    def use(language: str) -> str:
        return i18n.setup(language)

    yield use
    i18n.setup("en")
