"""Keep the message catalogues in step with the code (see docs/TRANSLATING.md).

    python scripts/catalogue.py extract   # code -> plandocket_desktop/locale/messages.pot
    python scripts/catalogue.py update    # messages.pot -> each <lang>/LC_MESSAGES/messages.po
    python scripts/catalogue.py compile   # each messages.po -> messages.mo (committed)
    python scripts/catalogue.py check     # what tests/i18n checks, as a list of problems
    python scripts/catalogue.py todo      # the messages still without a translation
    python scripts/catalogue.py stats     # figures: messages, coverage, longest button ratio

``all`` does extract, update and compile. Babel does the work; this file only holds the one
set of options (domain, keywords, no line numbers, sorted) so every branch writes the same
template and merges stay small.
"""

from __future__ import annotations

import io
import re
import string
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "plandocket_desktop"
LOCALE_DIR = PACKAGE / "locale"
TEMPLATE = LOCALE_DIR / "messages.pot"
LANGUAGES = ("de",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
METHOD_MAP = [("sandbox/**.py", "ignore"), ("**.py", "python")]
COMMENT_TAGS = ["Translators:"]
PROJECT = "plandocket-desktop"
PO_WIDTH = 100


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"


def mo_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "messages.mo"


def extract() -> Catalog:
    """Every message marked in the package, as a fresh template."""
    catalog = Catalog(project=PROJECT, charset="utf-8", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE),
        method_map=METHOD_MAP,
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def dump_po(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=PO_WIDTH, no_location=True, sort_output=True, omit_header=False)
    return out.getvalue()


def compile_mo(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def load_po(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language)


def keys(catalog: Catalog) -> set[object]:
    return {m.id for m in catalog if m.id}


def cmd_extract() -> None:
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE.write_bytes(dump_po(extract()))
    print(f"{TEMPLATE.relative_to(ROOT)}: {len(keys(extract()))} messages")


def cmd_update() -> None:
    template = load_po(TEMPLATE)
    for language in LANGUAGES:
        path = po_path(language)
        if path.exists():
            catalog = load_po(path, language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language, project=PROJECT, charset="utf-8", fuzzy=False)
        # No fuzzy guesses: a new message starts empty, so it is translated by a person.
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        path.write_bytes(dump_po(catalog))
        print(f"{path.relative_to(ROOT)} updated")


def cmd_compile() -> None:
    for language in LANGUAGES:
        catalog = load_po(po_path(language), language)
        mo_path(language).write_bytes(compile_mo(catalog))
        print(f"{mo_path(language).relative_to(ROOT)} compiled")


PERCENT = re.compile(r"%(?:\((\w+)\))?[sr]")


def placeholders(text: str) -> set[str]:
    """The fields of a message: ``str.format``'s ``{count}``, and argparse's ``%(prog)s``/``%s``."""
    found = {"%" + (m.group(1) or "") for m in PERCENT.finditer(text)}
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<not a valid format string>"}
    return found | fields


def _forms(message: Message) -> tuple[list[str], list[str]]:
    ids = list(message.id) if isinstance(message.id, tuple) else [message.id]
    if isinstance(message.string, tuple | list):
        strings = list(message.string)
    else:
        strings = [message.string or ""]
    return ids, strings


def problems(language: str) -> Iterator[str]:
    """Every reason the catalogue of ``language`` is not ready to ship."""
    fresh = keys(extract())
    template = load_po(TEMPLATE)
    if keys(template) != fresh:
        missing, stale = fresh - keys(template), keys(template) - fresh
        yield (
            f"messages.pot is out of date ({len(missing)} new, {len(stale)} gone): "
            "run scripts/catalogue.py all"
        )
    catalog = load_po(po_path(language), language)
    if keys(catalog) != fresh:
        yield f"{language}: messages.po does not hold exactly the template's messages: update"
    plurals = catalog.num_plurals
    for message in catalog:
        if not message.id:
            continue
        ids, strings = _forms(message)
        label = f"{language}: {ids[0]!r}"
        if message.fuzzy:
            yield f"{label} is fuzzy"
        if any(not s for s in strings) or (len(ids) > 1 and len(strings) != plurals):
            yield f"{label} has no translation"
            continue
        # Each form must use the placeholders of the English forms, no others (a plural
        # form may leave out {count}, as "Eine Zeile" does; it may not invent one).
        wanted = set().union(*(placeholders(i) for i in ids))
        for text in strings:
            found = placeholders(text)
            if not found <= wanted or (len(ids) == 1 and found != wanted):
                yield f"{label}: placeholders {sorted(found)} instead of {sorted(wanted)}"
    committed = mo_path(language).read_bytes() if mo_path(language).exists() else b""
    if committed != compile_mo(catalog):
        yield f"{language}: messages.mo is not compiled from messages.po: run compile"


def cmd_check() -> int:
    found = [p for language in LANGUAGES for p in problems(language)]
    for line in found:
        print(line)
    print(f"{len(found)} problems")
    return 1 if found else 0


def cmd_todo() -> None:
    for language in LANGUAGES:
        for message in load_po(po_path(language), language):
            ids, strings = _forms(message)
            if message.id and (message.fuzzy or any(not s for s in strings)):
                print(f"{language}\t" + "\t".join(ids))


BUTTON = re.compile(r"^&?[\w '.\u2019\u2026&-]+$")


def button_ratio(language: str) -> tuple[float, str, str]:
    """The longest translation/English length ratio among button-like messages (with ``&``)."""
    best = (0.0, "", "")
    for message in load_po(po_path(language), language):
        if isinstance(message.id, tuple) or not message.id or "&" not in message.id:
            continue
        text = str(message.string)
        if not BUTTON.match(message.id) or len(message.id) > 40:
            continue
        ratio = len(text.replace("&", "")) / len(message.id.replace("&", ""))
        best = max(best, (ratio, message.id, text))
    return best


def cmd_stats() -> None:
    fresh = keys(extract())
    print(f"messages: {len(fresh)}")
    for language in LANGUAGES:
        catalog = load_po(po_path(language), language)
        done = sum(
            1 for m in catalog if m.id and not m.fuzzy and all(_forms(m)[1]) and m.id in fresh
        )
        print(f"{language}: {done}/{len(fresh)} translated ({100 * done / len(fresh):.1f} %)")
        ratio, english, translated = button_ratio(language)
        print(f"{language}: longest button ratio {ratio:.2f} ({english!r} -> {translated!r})")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "all":
        cmd_extract()
        cmd_update()
        cmd_compile()
        return 0
    commands = {
        "extract": cmd_extract,
        "update": cmd_update,
        "compile": cmd_compile,
        "todo": cmd_todo,
        "stats": cmd_stats,
    }
    if command == "check":
        return cmd_check()
    if command not in commands:
        print(__doc__)
        return 2
    commands[command]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
