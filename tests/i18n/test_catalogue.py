"""The committed catalogues are complete: template fresh, German whole, placeholders equal."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.catalog import Catalog

ROOT = Path(__file__).resolve().parents[2]


def _catalogue_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogue", ROOT / "scripts" / "catalogue.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("catalogue", module)
    spec.loader.exec_module(module)
    return module


catalogue = _catalogue_script()


def test_template_holds_exactly_the_messages_of_the_code():
    fresh = catalogue.keys(catalogue.extract())
    committed = catalogue.keys(catalogue.load_po(catalogue.TEMPLATE))
    assert fresh - committed == set(), "new messages: run scripts/catalogue.py all"
    assert committed - fresh == set(), "gone messages: run scripts/catalogue.py all"
    assert len(fresh) > 500


@pytest.mark.parametrize("language", catalogue.LANGUAGES)
def test_catalogue_is_complete_and_compiled(language):
    assert list(catalogue.problems(language)) == []


def test_check_finds_a_wrong_placeholder_a_missing_translation_and_a_fuzzy_entry(tmp_path):
    # The checker itself must bite: a catalogue with each kind of slip is reported.
    catalog = Catalog(locale="de")
    catalog.add("{count} rows", "{anzahl} Zeilen")
    catalog.add("Next", "")
    catalog.add("Back", "Zurück", flags=["fuzzy"])
    catalog.add(("{count} row", "{count} rows"), ("Eine Zeile", "{count} Zeilen"))
    found = []
    for message in catalog:
        if not message.id:
            continue
        ids, strings = catalogue._forms(message)
        wanted = set().union(*(catalogue.placeholders(i) for i in ids))
        for text in strings:
            if text and catalogue.placeholders(text) - wanted:
                found.append(("placeholder", ids[0]))
        if not all(strings):
            found.append(("missing", ids[0]))
        if message.fuzzy:
            found.append(("fuzzy", ids[0]))
    assert ("placeholder", "{count} rows") in found
    assert ("missing", "Next") in found
    assert ("fuzzy", "Back") in found
    assert not any(kind == "placeholder" and i == "{count} row" for kind, i in found)


def test_placeholders_reads_brace_and_percent_fields():
    assert catalogue.placeholders("Row {row}: {message}") == {"row", "message"}
    assert catalogue.placeholders("%(prog)s: error: %(message)s") == {"%prog", "%message"}
    assert catalogue.placeholders("unrecognized arguments: %s") == {"%"}


def test_committed_mo_is_compiled_from_the_po():
    for language in catalogue.LANGUAGES:
        po = catalogue.load_po(catalogue.po_path(language), language)
        assert catalogue.mo_path(language).read_bytes() == catalogue.compile_mo(po)


def test_every_german_translation_uses_the_agreed_words():
    # One word for one thing: the English words map to these German ones, never to others.
    po = catalogue.load_po(catalogue.po_path("de"), "de")
    avoid = {"Profil ": "Importprofil", "Mapping": "Zuordnung", "Event ": "Veranstaltung"}
    for message in po:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            for wrong, right in avoid.items():
                assert wrong not in text.replace("Importprofil", ""), (message.id, right)
