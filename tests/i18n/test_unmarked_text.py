"""No text a person reads escapes the catalogue: the code is read (AST) for unmarked strings.

The catalogue tests check that every *marked* message has its German; this one finds text that
was never marked. It looks where a person reads text:

- the message of an error of the ``PlandocketError`` tree (``core/errors.py``), of
  ``argparse.ArgumentTypeError`` and of ``parser.error(...)``;
- Qt calls that show text: widget constructors (``QLabel("…")``), ``setText``, ``setToolTip``,
  ``setWindowTitle``, ``setPlaceholderText``, ``setAccessibleName``/``Description``,
  ``addItem(s)``, ``setTitle``/``setSubTitle``, ``QMessageBox`` texts, file dialogs' captions…,
  and our own dialogs (``dialogs.ask_yes_no(parent, "…", "…")``);
- argparse's ``help=``, ``description=``, ``epilog=``;
- ``print(...)``, rich's ``console.print(...)`` and ``….write(...)`` in ``cli/`` (machine
  output — JSON from ``json.dumps``, tab-separated values, numbers — has no words in its
  literal parts and passes).

A literal counts when it holds a letter and is not inside ``_()``, ``N_()`` or ``ngettext()``
(f-strings, ``+`` and ``%`` concatenations, ``"…".format()`` and ``"…".join()`` included).
A deliberate exception carries ``# i18n: not shown`` (with its reason) on one of the call's
lines; there is no other allow-list.
"""

from __future__ import annotations

import ast
import dataclasses
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "plandocket_desktop"
MARKER = "# i18n: not shown"

MARKING_CALLS = {"_", "N_", "ngettext", "gettext", "pgettext", "npgettext"}
# Errors raised or built outside the PlandocketError tree whose text reaches a person.
USER_ERRORS = {"ArgumentTypeError"}
# Qt classes whose constructor's text arguments are shown.
QT_TEXT_CLASSES = {
    "QLabel",
    "QPushButton",
    "QCheckBox",
    "QRadioButton",
    "QGroupBox",
    "QToolButton",
    "QCommandLinkButton",
    "QAction",
    "QMessageBox",
    "QMenu",
}
# Methods whose text arguments are shown (every positional argument that is text).
QT_TEXT_METHODS = {
    "setText",
    "setToolTip",
    "setWindowTitle",
    "setPlaceholderText",
    "setAccessibleName",
    "setAccessibleDescription",
    "setTitle",
    "setSubTitle",
    "setStatusTip",
    "setWhatsThis",
    "setInformativeText",
    "setDetailedText",
    "setLabelText",
    "setButtonText",
    "setHeaderLabels",
    "setHorizontalHeaderLabels",
    "setVerticalHeaderLabels",
    "setTabText",
    "setItemText",
    "setSpecialValueText",
    "setSuffix",
    "setPrefix",
    "showMessage",
    "addItem",
    "addItems",
    "insertItem",
    "insertItems",
    "addTab",
    "insertTab",
    "addAction",
    "addMenu",
    "addButton",
}
# QMessageBox.information(parent, title, text) and the file dialogs (parent, caption, dir, filter).
STATIC_DIALOGS = {"information", "warning", "critical", "question", "about"}
FILE_DIALOGS = {"getOpenFileName", "getOpenFileNames", "getSaveFileName", "getExistingDirectory"}
# Our own question and error dialogs (ui/dialogs.py, ui/pages/_ask.py): (parent, title, text…).
DIALOG_MODULES = {"dialogs", "_ask"}
ARGPARSE_KEYWORDS = {"help", "description", "epilog"}


@dataclasses.dataclass(frozen=True)
class Hit:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def error_classes(errors_source: str) -> set[str]:
    """The names of PlandocketError and every class that inherits from it (in errors.py)."""
    tree = ast.parse(errors_source)
    names = {"PlandocketError"}
    changed = True
    while changed:
        changed = False
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name not in names:
                bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
                bases |= {b.attr for b in node.bases if isinstance(b, ast.Attribute)}
                if bases & names:
                    names.add(node.name)
                    changed = True
    return names


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def unmarked(node: ast.expr) -> ast.expr | None:
    """The first literal with words in ``node`` that is not inside a marking call."""
    if isinstance(node, ast.Constant):
        return node if isinstance(node.value, str) and _has_words(node.value) else None
    if isinstance(node, ast.JoinedStr):
        for part in node.values:
            if isinstance(part, ast.Constant) and _has_words(str(part.value)):
                return node
            if isinstance(part, ast.FormattedValue) and (found := unmarked(part.value)):
                return found
        return None
    if isinstance(node, ast.BinOp):
        return unmarked(node.left) or unmarked(node.right)
    if isinstance(node, ast.IfExp):
        return unmarked(node.body) or unmarked(node.orelse)
    if isinstance(node, ast.BoolOp):
        return next((f for v in node.values if (f := unmarked(v))), None)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return next((f for v in node.elts if (f := unmarked(v))), None)
    if isinstance(node, ast.Call):
        name = _name(node.func)
        if name in MARKING_CALLS:
            return None
        if isinstance(node.func, ast.Attribute) and name in {"format", "join", "strip"}:
            # "…".format(x), "…".join(parts): the receiver and the text arguments.
            parts = [node.func.value, *node.args, *(k.value for k in node.keywords)]
            return next((f for v in parts if (f := unmarked(v))), None)
        return None
    return None


class _Finder(ast.NodeVisitor):
    def __init__(self, path: str, lines: list[str], errors: set[str], in_cli: bool) -> None:
        self.path = path
        self.lines = lines
        self.errors = errors | USER_ERRORS
        self.in_cli = in_cli
        self.hits: list[Hit] = []

    def _excused(self, node: ast.AST) -> bool:
        start = getattr(node, "lineno", 1)
        end = getattr(node, "end_lineno", start) or start
        return any(MARKER in self.lines[i - 1] for i in range(start, end + 1))

    def _check(self, call: ast.Call, values: list[ast.expr], what: str) -> None:
        for value in values:
            found = unmarked(value)
            if found is not None and not self._excused(call):
                self.hits.append(Hit(self.path, found.lineno, what))
                return

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        owner = node.func.value if isinstance(node.func, ast.Attribute) else None
        owner_name = _name(owner) if owner is not None else None
        message_keywords = [k.value for k in node.keywords if k.arg in {"message", "text"}]
        if name in self.errors:
            self._check(node, node.args[:1] + message_keywords, f"message of {name}")
        elif name == "error" and owner_name in {"parser", "self", "sub", "subparser"}:
            self._check(node, node.args[:1], "parser.error")
        elif name in QT_TEXT_CLASSES:
            self._check(node, [*node.args, *message_keywords], f"{name}(...)")
        elif name in STATIC_DIALOGS and owner_name == "QMessageBox":
            self._check(node, node.args[1:3], f"QMessageBox.{name}")
        elif owner_name in DIALOG_MODULES:
            self._check(node, node.args[1:], f"{owner_name}.{name}")
        elif name in FILE_DIALOGS:
            self._check(node, node.args[1:2] + node.args[3:4], f"QFileDialog.{name}")
        elif name in QT_TEXT_METHODS and isinstance(node.func, ast.Attribute):
            args = node.args[:1] if name in {"addItem", "insertItem"} else node.args
            if name in {"insertItem", "insertItems", "insertTab", "setTabText", "setItemText"}:
                args = node.args[1:2]
            if name in {"addTab", "addButton"}:
                args = node.args[1:2]
            self._check(node, args, f".{name}(...)")
        if self.in_cli and (
            (isinstance(node.func, ast.Name) and name == "print")
            or (name == "print" and owner_name == "console")  # rich
            or name == "write"  # sys.stdout, sys.stderr, the stream a report is written to
        ):
            self._check(node, node.args, f"{name}(...) in cli/")
        keywords = [k.value for k in node.keywords if k.arg in ARGPARSE_KEYWORDS]
        if keywords and name in {"add_argument", "add_parser", "ArgumentParser", "add_group"}:
            self._check(node, keywords, f"argparse {name}(help/description/epilog)")
        elif keywords and name in {"add_argument_group", "add_mutually_exclusive_group"}:
            self._check(node, keywords, f"argparse {name}")
        self.generic_visit(node)


def find_unmarked(
    source: str, path: str = "<planted>", *, errors: set[str] | None = None
) -> list[Hit]:
    """Every unmarked text of one module's source (``path`` under the package root)."""
    if errors is None:
        errors = error_classes((PACKAGE / "core" / "errors.py").read_text(encoding="utf-8"))
    finder = _Finder(path, source.splitlines(), errors, in_cli=path.startswith("cli/"))
    finder.visit(ast.parse(source))
    return finder.hits


def _modules() -> Iterator[Path]:
    for path in sorted(PACKAGE.rglob("*.py")):
        # The sandbox is a stand-in for PlanDocket's server: its texts are PlanDocket's own
        # (English API answers), not ours.
        if "sandbox" not in path.relative_to(PACKAGE).parts:
            yield path


def test_every_text_a_person_reads_is_marked_for_translation():
    hits: list[Hit] = []
    for path in _modules():
        rel = path.relative_to(PACKAGE).as_posix()
        hits += find_unmarked(path.read_text(encoding="utf-8"), rel)
    assert [str(h) for h in hits] == [], (
        "wrap these in _()/ngettext() (or mark a deliberate exception with "
        f"'{MARKER} - <why>'), then run scripts/catalogue.py all"
    )


def test_errors_tree_is_read_from_errors_py():
    names = error_classes((PACKAGE / "core" / "errors.py").read_text(encoding="utf-8"))
    assert {"PlandocketError", "SourceError", "JournalError", "ApiRejectedError"} <= names
    assert "Exception" not in names


PLANTED = [
    pytest.param(
        'raise errors.JournalError(f"The file {Path(path).name} cannot be read.")',
        id="f-string-in-an-error",
    ),
    pytest.param('raise SourceError("There is no file.", kind="empty")', id="plain-error"),
    pytest.param('raise errors.ProfileError("Profile " + name + " is gone.")', id="concatenated"),
    pytest.param('raise errors.ProfileError("Profile %s is gone." % name)', id="percent"),
    pytest.param('raise errors.ProfileError("Profile {n} is gone.".format(n=n))', id="format"),
    pytest.param('label = QLabel("Choose a file")', id="qlabel"),
    pytest.param('self._button.setText(f"Send {n} rows")', id="set-text-f-string"),
    pytest.param('w.setToolTip("Leave the row out")', id="tooltip"),
    pytest.param('w.setAccessibleName("Rows")', id="accessible-name"),
    pytest.param('combo.addItem("Contacts", "contacts")', id="combo-item"),
    pytest.param('combo.addItems(["Contacts", "Participants"])', id="combo-items"),
    pytest.param('QMessageBox.warning(self, "Stop?", text)', id="message-box"),
    pytest.param('self.setTitle("Review" if ok else "Check")', id="conditional-title"),
    pytest.param('dialogs.ask_yes_no(parent, "Stop?", text)', id="our-dialog"),
    pytest.param('parser.add_argument("--yes", help="Do not ask.")', id="argparse-help"),
    pytest.param('parser.error("choose a sheet")', id="parser-error"),
    pytest.param('sub.add_parser("run", description="Import " + "rows.")', id="argparse-desc"),
]


@pytest.mark.parametrize("line", PLANTED)
def test_a_planted_unmarked_text_is_found(line):
    hits = find_unmarked(textwrap.dedent(line), "ui/planted.py")
    assert [h.line for h in hits] == [1]
    assert str(hits[0]).startswith("ui/planted.py:1: ")


@pytest.mark.parametrize(
    "line",
    [
        pytest.param('print(f"Row {row}: {name} -> {value}")', id="print-row-line"),
        pytest.param('sys.stderr.write("Cannot reach the server.\\n")', id="stderr"),
        pytest.param('console.print("Warning: " + warning)', id="rich"),
    ],
)
def test_a_planted_print_in_the_cli_is_found(line):
    assert [h.line for h in find_unmarked(line, "cli/planted.py")] == [1]
    assert find_unmarked(line, "ui/planted.py") == []  # print outside cli/ is not for people


@pytest.mark.parametrize(
    "line",
    [
        pytest.param('raise errors.JournalError(_("The file {name}.").format(name=n))', id="_"),
        pytest.param(
            'raise errors.JournalError(ngettext("{count} row", "{count} rows", n).format(count=c))',
            id="ngettext",
        ),
        pytest.param("LABELS = {'a': N_('Email')}; w.setText(_(LABELS['a']))", id="N_"),
        pytest.param('w.setText(f"{fmt_int(n)} / {fmt_int(total)}")', id="no-words"),
        pytest.param('w.setObjectName("reviewTable")', id="object-name"),
        pytest.param('log.warning("Cannot read %s", path)', id="log"),
        pytest.param("print(json.dumps({'counts': counts}))", id="json"),
        pytest.param('print(f"{row}\\t{status}\\t{message}")', id="tab-separated"),
        pytest.param('raise ValueError("batch_size must be positive")', id="programming-error"),
        pytest.param('w.setText("Beta")  # i18n: not shown - a product name', id="marker"),
    ],
)
def test_marked_or_machine_text_passes(line):
    assert find_unmarked(line, "cli/planted.py") == []
