"""The Columns page: suggestions with confidence, Next gated on the match field, profiles."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from plandocket_desktop.core.mapping import _profiles as profiles
from plandocket_desktop.core.reading import _read as reading
from plandocket_desktop.core.types import ImportOptions, MatchField, Mode, Target
from plandocket_desktop.ui import dialogs
from plandocket_desktop.ui.pages.columns import DONT_IMPORT, ColumnsPage
from tests.conftest import sample_entry


@pytest.fixture
def store(tmp_path):
    return profiles.ProfileStore(tmp_path / "profiles")


@pytest.fixture
def german_table(samples_dir):
    return reading.read_table(samples_dir / "kundenliste_excel_de.csv")


@pytest.fixture
def make_page(qtbot, state, store, german_table):
    def make(table=german_table, **options) -> ColumnsPage:
        state.table = table
        state.draft.options = dataclasses.replace(ImportOptions(), **options)
        page = ColumnsPage(state, profiles=store)
        qtbot.addWidget(page)
        page.initializePage()
        return page

    return make


def row_of(page: ColumnsPage, column: str) -> int:
    for row in range(page.mapping_table.rowCount()):
        if page.mapping_table.item(row, 0).text() == column:
            return row
    raise KeyError(column)


def test_each_column_gets_a_row_with_samples_field_and_confidence(
    make_page, manifest, german_table
):
    page = make_page()
    table = page.mapping_table
    assert table.rowCount() == len(sample_entry(manifest, "kundenliste_excel_de.csv")["columns"])
    row = row_of(page, "E-Mail")
    # The first three different values, as in the file (row 4's info(at)hornich.de is wrong
    # but shown as it is).
    first_three = [german_table.cell(i, german_table.index_of("E-Mail")) for i in range(3)]
    assert "info(at)hornich.de" in first_three
    assert table.item(row, 1).text() == "   ·   ".join(first_three)
    combo = table.cellWidget(row, 2)
    assert combo.currentData() == "email"
    assert combo.itemText(0) == DONT_IMPORT
    confidence = table.item(row, 3)
    assert confidence.text() == "Sure"
    assert not confidence.icon().isNull()
    assert "E-Mail" in confidence.toolTip()
    assert page.mapping["Anrede"] is None
    assert page.isComplete()


def test_next_is_enabled_only_while_the_match_field_is_mapped(qtbot, make_page, state):
    page = make_page()
    assert page.isComplete()
    with qtbot.waitSignal(page.completeChanged):
        page.set_column("E-Mail", None)
    assert not page.isComplete()
    assert page.match_bar.isVisibleTo(page)
    assert "email address" in page.match_bar.text()
    assert not page.validatePage()

    with qtbot.waitSignal(page.completeChanged):
        page.set_column("E-Mail", "email")
    assert page.isComplete()
    assert not page.match_bar.isVisibleTo(page)
    assert page.confidence("E-Mail")[0] == "Your choice"
    assert page.validatePage()
    assert state.draft.mapping["E-Mail"] == "email"


def test_customer_number_as_match_field_needs_its_column(qtbot, make_page):
    page = make_page(match_field=MatchField.CUSTOMER_NUMBER)
    assert page.isComplete()
    page.set_column("Kundennummer", None)
    assert not page.isComplete()
    assert "customer number" in page.match_bar.text()


def test_a_field_taken_by_another_column_moves_there(make_page):
    page = make_page()
    page.set_column("Bemerkung", "email")
    assert page.mapping["Bemerkung"] == "email"
    assert page.mapping["E-Mail"] is None
    assert "Column 'E-Mail' is not imported now" in page.profile_bar.text()


def test_participants_offer_only_participant_fields(make_page):
    page = make_page(target=Target.PARTICIPANTS, event_key="expo-2025")
    combo = page.mapping_table.cellWidget(row_of(page, "E-Mail"), 2)
    keys = {combo.itemData(i) for i in range(combo.count())}
    assert "is_confirmed" in keys
    assert "rating" not in keys
    assert page.mapping["Bewertung"] is None


def test_fixed_values_for_fields_without_a_column(make_page, state):
    page = make_page()
    page.set_column("Bewertung", None)
    combo = page.fixed_field_combo
    combo.setCurrentIndex(combo.findData("rating"))
    assert "1 to 5" in page.fixed_value_edit.placeholderText()
    page.fixed_value_edit.setText(" 3 ")
    page.add_fixed_button.click()
    assert page.fixed_values == {"rating": "3"}
    assert page.fixed_list.count() == 1

    assert page.validatePage()
    assert state.draft.fixed_values == {"rating": "3"}


def test_add_waits_for_a_field_and_a_value(make_page):
    page = make_page()
    page.set_column("Bewertung", None)
    assert not page.add_fixed_button.isEnabled()
    page.fixed_field_combo.setCurrentIndex(page.fixed_field_combo.findData("rating"))
    assert not page.add_fixed_button.isEnabled()
    page.fixed_value_edit.setText("  ")
    assert not page.add_fixed_button.isEnabled()
    page.fixed_value_edit.setText("3")
    assert page.add_fixed_button.isEnabled()


def test_enter_in_the_value_box_adds_it_and_stays_on_the_page(qtbot, state, store, german_table):
    from PySide6.QtWidgets import QWizard, QWizardPage

    state.table = german_table
    wizard = QWizard()
    qtbot.addWidget(wizard)
    page = ColumnsPage(state, profiles=store)
    wizard.addPage(page)
    wizard.addPage(QWizardPage())
    wizard.show()
    qtbot.waitUntil(page.isComplete)
    page.set_column("Bewertung", None)
    page.fixed_field_combo.setCurrentIndex(page.fixed_field_combo.findData("rating"))
    page.fixed_value_edit.setFocus()
    qtbot.keyClicks(page.fixed_value_edit, "3")
    qtbot.keyClick(page.fixed_value_edit, Qt.Key.Key_Return)
    assert page.fixed_values == {"rating": "3"}
    assert wizard.currentPage() is page  # Enter did not also press Next


def test_saved_profile_is_offered_by_itself_for_a_matching_file(
    qtbot, make_page, monkeypatch, store
):
    page = make_page()
    page.set_column("Anrede", "notes")  # a choice the suggestions would not make
    page.add_fixed_value("account_access_enabled", "ja")
    monkeypatch.setattr(dialogs, "ask_text", lambda *args: "Kundenliste")
    qtbot.mouseClick(page.save_as_button, Qt.MouseButton.LeftButton)
    assert store.exists("Kundenliste")
    assert page.current_profile_name() == "Kundenliste"

    again = make_page()
    assert again.current_profile_name() == "Kundenliste"
    assert "fits this file" in again.profile_bar.text()
    assert again.mapping["Anrede"] == "notes"
    assert again.mapping["Bemerkung"] is None
    assert again.fixed_values == {"account_access_enabled": "ja"}
    assert again.confidence("Anrede")[0] == "From profile"

    again.apply_profile(None)  # back to the automatic suggestions
    assert again.mapping["Anrede"] is None
    assert again.mapping["Bemerkung"] == "notes"


def test_profile_of_another_file_is_not_offered(make_page, store, samples_dir):
    store.save(profiles.Profile("Other", mapping={"Mail": "email", "Web": "website"}))
    page = make_page()
    assert page.current_profile_name() is None
    assert page.profile_combo.count() == 2  # automatic + the saved one


def test_rename_and_delete_a_profile(qtbot, make_page, monkeypatch, store):
    store.save(profiles.Profile("Old name", mapping={"E-Mail": "email"}))
    page = make_page()
    page.apply_profile("Old name")

    monkeypatch.setattr(dialogs, "ask_text", lambda *args: "New name")
    qtbot.mouseClick(page.rename_button, Qt.MouseButton.LeftButton)
    assert store.exists("New name")
    assert not store.exists("Old name")
    assert page.current_profile_name() == "New name"

    monkeypatch.setattr(dialogs, "confirm_delete_profile", lambda parent, name: False)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert store.exists("New name")
    monkeypatch.setattr(dialogs, "confirm_delete_profile", lambda parent, name: True)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert not store.exists("New name")
    assert page.current_profile_name() is None


def test_save_overwrites_the_selected_profile(qtbot, make_page, store):
    store.save(profiles.Profile("Mine", mapping={"E-Mail": "email"}))
    page = make_page()
    page.apply_profile("Mine")
    page.set_column("Ort", "city")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert store.load("Mine").mapping["Ort"] == "city"


def test_a_profile_saved_with_other_settings_says_so(qtbot, make_page, monkeypatch, store):
    page = make_page(mode=Mode.UPSERT, match_field=MatchField.CUSTOMER_NUMBER)
    monkeypatch.setattr(dialogs, "ask_text", lambda *args: "Kunden upsert")
    qtbot.mouseClick(page.save_as_button, Qt.MouseButton.LeftButton)

    same = make_page(mode=Mode.UPSERT, match_field=MatchField.CUSTOMER_NUMBER)
    assert "saved with" not in same.profile_bar.text()

    other = make_page()  # create, by email
    text = other.profile_bar.text()
    assert "It was saved with “Add new people and update the ones already there”" in text
    assert "people recognised by customer number" in text
    assert "go Back to the previous page" in text


# --- the widgets the page composes ------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "match", "expected"),
    [
        pytest.param(
            Mode.UPSERT, None, "It was saved with “Upsert words”; to use that too", id="mode"
        ),
        pytest.param(
            None,
            MatchField.CUSTOMER_NUMBER,
            "saved with people recognised by number words",
            id="match",
        ),
        pytest.param(
            Mode.UPSERT,
            MatchField.CUSTOMER_NUMBER,
            "saved with “Upsert words” and people recognised by number words",
            id="both",
        ),
    ],
)
def test_profile_bar_says_which_other_settings_the_profile_has(qtbot, store, mode, match, expected):
    from plandocket_desktop.core.mapping import ProfileApplied
    from plandocket_desktop.ui.widgets.profile_bar import ProfileBar

    bar = ProfileBar(store)
    qtbot.addWidget(bar)
    words = ({Mode.UPSERT: "Upsert words"}, {MatchField.CUSTOMER_NUMBER: "number words"})
    applied = ProfileApplied(other_mode=mode, other_match_field=match)
    bar.show_applied("Mine", applied, offered=False, words=words)
    assert bar.text().startswith("Using the choices saved in “Mine”.")
    assert expected in bar.text()
    assert bar.message.kind == "info"
    bar.show_applied("Mine", ProfileApplied(missing_columns=("Firma",)), offered=True, words=words)
    assert "fits this file" in bar.text()
    assert "saved with" not in bar.text()
    assert bar.message.kind == "warning"


def test_fixed_values_editor_lists_values_and_asks_to_add_and_remove(qtbot):
    from plandocket_desktop.core.types import get_field
    from plandocket_desktop.ui.widgets.fixed_values import FixedValuesEditor

    editor = FixedValuesEditor()
    qtbot.addWidget(editor)
    rating, city = get_field("rating"), get_field("city")
    editor.show_values([rating, city], {})
    assert editor.empty_hint.isVisibleTo(editor)
    assert not editor.list.isVisibleTo(editor)
    editor.field_combo.setCurrentIndex(editor.field_combo.findData("city"))
    editor.value_edit.setText("Berlin")
    with qtbot.waitSignal(editor.added) as added:
        editor.add_button.click()
    assert added.args == ["city", "Berlin"]
    assert editor.value_edit.text() == ""

    editor.show_values([rating], {"city": (city, "Berlin")})
    assert editor.list.count() == 1
    assert editor.list.item(0).text() == "City:  Berlin"
    editor.list.setCurrentRow(0)
    with qtbot.waitSignal(editor.removed) as removed:
        editor.remove_button.click()
    assert removed.args == ["city"]
