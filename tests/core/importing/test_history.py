"""The local history of imports: appended as JSON lines, listed newest first."""

from __future__ import annotations

from plandocket_desktop.core.importing import _history as history


def test_entries_are_listed_newest_first_and_survive_a_new_store(app_home):
    store = history.HistoryStore()
    for n in range(3):
        store.add(
            history.HistoryEntry(
                file_name=f"liste{n}.csv",
                target="contacts",
                counts={"created": n, "failed": 0},
                report_path=None if n else "/tmp/r.csv",
            )
        )
    assert store.path.parent == app_home / "data"
    entries = history.HistoryStore().list()
    assert [e.file_name for e in entries] == ["liste2.csv", "liste1.csv", "liste0.csv"]
    assert entries[-1].report_path == "/tmp/r.csv"
    assert entries[0].counts == {"created": 2, "failed": 0}
    assert [e.file_name for e in history.HistoryStore().list(limit=2)] == [
        "liste2.csv",
        "liste1.csv",
    ]


def test_a_damaged_line_is_skipped_with_a_warning(app_home):
    store = history.HistoryStore()
    store.add(history.HistoryEntry(file_name="ä.csv", target="participants", counts={}))
    with store.path.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    entries = store.list()
    assert [e.file_name for e in entries] == ["ä.csv"]
    assert store.warnings == ["Line 2 of the import history is damaged; skipped."]


def test_empty_history():
    assert history.HistoryStore().list() == []
