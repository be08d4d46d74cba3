"""Write the practice sample workbooks shipped in the package (German and English).

Run ``python scripts/make_samples.py`` after changing the people below; the outputs in
``plandocket_desktop/resources/samples/`` are committed. The files are reproducible: the same
people give the same bytes (fixed document dates), so an unchanged run leaves git clean.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl

OUT = Path(__file__).resolve().parents[1] / "plandocket_desktop" / "resources" / "samples"
FIXED = dt.datetime(2025, 1, 1)

# first, last, email, company, postal code, city, country (de, en), rating, customer number
PEOPLE = [
    (
        "Anna",
        "Becker",
        "anna.becker@example.de",
        "Messebau Nord GmbH",
        "20095",
        "Hamburg",
        "Deutschland",
        "Germany",
        "5",
        "00101",
    ),
    (
        "Jonas",
        "Schmidt",
        "j.schmidt@example.de",
        "Schmidt & Söhne KG",
        "80331",
        "München",
        "Deutschland",
        "Germany",
        "4",
        "00102",
    ),
    (
        "Lea",
        "Wagner",
        "lea.wagner@example.at",
        "Wagner Events",
        "1010",
        "Wien",
        "Österreich",
        "Austria",
        "3",
        "00103",
    ),
    (
        "Luca",
        "Meier",
        "luca.meier@example.ch",
        "Meier Logistik AG",
        "8001",
        "Zürich",
        "Schweiz",
        "Switzerland",
        "4",
        "00104",
    ),
    (
        "Sophie",
        "Martin",
        "sophie.martin@example.fr",
        "Salon Martin",
        "75001",
        "Paris",
        "Frankreich",
        "France",
        "",
        "00105",
    ),
    (
        "Tom",
        "Hughes",
        "tom.hughes@example.co.uk",
        "Hughes Displays Ltd",
        "SW1A 1AA",
        "London",
        "Vereinigtes Königreich",
        "United Kingdom",
        "5",
        "00106",
    ),
    (
        "Emma",
        "de Vries",
        "emma.devries@example.nl",
        "De Vries Standbouw",
        "1012 JS",
        "Amsterdam",
        "Niederlande",
        "Netherlands",
        "2",
        "00107",
    ),
    (
        "Mateo",
        "García",
        "mateo.garcia@example.es",
        "Ferias García",
        "28013",
        "Madrid",
        "Spanien",
        "Spain",
        "3",
        "00108",
    ),
    (
        "Julia",
        "Nowak",
        "julia.nowak@example.pl",
        "Nowak Expo",
        "00-001",
        "Warszawa",
        "Polen",
        "Poland",
        "4",
        "00109",
    ),
    (
        "Felix",
        "Hoffmann",
        "felix.hoffmann@example.de",
        "Hoffmann Catering",
        "50667",
        "Köln",
        "Deutschland",
        "Germany",
        "1",
        "00110",
    ),
    (
        "Mia",
        "Lindqvist",
        "mia.lindqvist@example.se",
        "Lindqvist Design AB",
        "111 52",
        "Stockholm",
        "Schweden",
        "Sweden",
        "5",
        "00111",
    ),
    (
        "Paul",
        "Schneider",
        "paul.schneider@example.de",
        "",
        "10115",
        "Berlin",
        "Deutschland",
        "Germany",
        "3",
        "00112",
    ),
]

HEADERS = {
    "de": [
        "Vorname",
        "Nachname",
        "E-Mail",
        "Firma",
        "PLZ",
        "Ort",
        "Land",
        "Bewertung (1-5)",
        "Kundennummer",
    ],
    "en": [
        "First name",
        "Last name",
        "Email",
        "Company",
        "Postal code",
        "City",
        "Country",
        "Rating (1-5)",
        "Customer number",
    ],
}
TITLES = {"de": "Teilnehmerliste (Beispiel)", "en": "List of participants (sample)"}


def write(language: str) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = TITLES[language][:31]
    sheet.append(HEADERS[language])
    for first, last, email, company, plz, city, de, en, rating, number in PEOPLE:
        country = de if language == "de" else en
        sheet.append([first, last, email, company, plz, city, country, rating, number])
    for cell in sheet[1]:
        cell.font = openpyxl.styles.Font(bold=True)
    for column, width in zip("ABCDEFGHI", (12, 14, 30, 24, 12, 14, 22, 16, 16), strict=True):
        sheet.column_dimensions[column].width = width
    book.properties.created = FIXED
    book.properties.modified = FIXED
    book.properties.creator = "PlanDocket Desktop Importer"
    path = OUT / f"sample-{language}.xlsx"
    OUT.mkdir(parents=True, exist_ok=True)
    book.save(path)
    _fix_zip_times(path)
    return path


def _fix_zip_times(path: Path) -> None:
    """Rewrite the archive with fixed member dates, so the bytes only change with the data."""
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with now
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-01-01T00:00:00Z", data
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, data)


if __name__ == "__main__":
    for lang in ("de", "en"):
        print(write(lang))
