"""``_ragged.place``: ragged rows found as whole lines in pieces, numbered by line feeds."""

from __future__ import annotations

import io
import random

import pytest

from plandocket_desktop.core.reading import _ragged as ragged

RAGGED = {3: "a,b,c,d,e", 40: "nur,zwei", 41: "x;ü,€", 77: "a,b,c,d,e", 120: "", 199: "ende,!"}


def _text(end: str = "\n", last_end: bool = True) -> tuple[bytes, list[tuple[int, str]]]:
    """A header line and 199 rows; (the text from the header's LF, the ragged rows)."""
    lines = [RAGGED.get(n, f"{n},Name {n},Ort") for n in range(1, 200)]
    body = end.join(lines) + (end if last_end else "")
    expected = sorted((n, t) for n, t in RAGGED.items())
    return ("Nr,Name,Ort" + end + body).encode()[len("Nr,Name,Ort" + end) - 1 :], expected


def _place(data: bytes, texts: list[str], regular: int) -> list[tuple[int, str]] | None:
    return ragged.place(lambda: io.BytesIO(data), len(data), "utf-8", regular, texts)


@pytest.mark.parametrize("piece", [16, 17, 31, 64, 1 << 20])
@pytest.mark.parametrize("end", ["\n", "\r\n"])
@pytest.mark.parametrize("last_end", [True, False])
def test_rows_are_found_across_piece_edges(
    monkeypatch: pytest.MonkeyPatch, piece: int, end: str, last_end: bool
) -> None:
    monkeypatch.setattr(ragged, "_PIECE", piece)
    data, expected = _text(end, last_end)
    texts = [t for _, t in expected]
    assert _place(data, texts, 199 - len(texts)) == expected


@pytest.mark.parametrize("seed", range(6))
def test_rows_met_in_any_order_are_placed(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    monkeypatch.setattr(ragged, "_PIECE", 64)  # many pieces: order matters
    data, expected = _text()
    texts = [t for _, t in expected]
    random.Random(seed).shuffle(texts)
    assert _place(data, texts, 199 - len(texts)) == expected


def test_rows_met_backwards_need_the_last_pass_that_looks_everywhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ragged, "_PIECE", 64)
    lines = ["h", *(f"r{n},x" if n % 20 else f"r{n}" for n in range(1, 200))]
    data = ("\n".join(lines) + "\n").encode()[1:]
    texts = [f"r{n}" for n in range(180, 0, -20)]  # nine rows, met last first
    expected = sorted((n, f"r{n}") for n in range(20, 200, 20))
    assert _place(data, texts, 199 - len(texts)) == expected


@pytest.mark.parametrize(
    ("why", "change"),
    [
        ("a cell spans lines: more line feeds than records", lambda d: d + b"7,a\nb,c\n"),
        ("a lone CR", lambda d: d.replace(b"5,Name 5", b"5,Na\rme 5")),
        ("no LF where the header should end", lambda d: b"X" + d[1:]),
    ],
)
def test_what_cannot_be_sure_goes_to_the_serial_read(why: str, change: object) -> None:
    data, expected = _text()
    texts = [t for _, t in expected]
    assert callable(change)
    assert _place(change(data), texts, 199 - len(texts)) is None, why


def test_a_row_that_is_not_a_line_of_its_own_is_not_placed() -> None:
    data, expected = _text()
    texts = [t for _, t in expected] + ["1,Name"]  # only the start of the line "1,Name 1,Ort"
    assert _place(data, texts, 199 - len(texts)) is None


def test_a_text_shorter_or_longer_than_it_was_is_not_placed() -> None:
    data, expected = _text()
    texts = [t for _, t in expected]
    regular = 199 - len(texts)
    shorter = ragged.place(lambda: io.BytesIO(data), len(data) + 5, "utf-8", regular, texts)
    longer = ragged.place(lambda: io.BytesIO(data + b"1,2,3\n"), len(data), "utf-8", regular, texts)
    assert shorter is None
    assert longer is None
    assert _place(data, texts, regular) == expected
