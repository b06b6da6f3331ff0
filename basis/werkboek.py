"""The one way every table leaves the portal as CSV or XLSX.

- Text never becomes a formula: text that a spreadsheet would run (leading '=', '+',
  '-', '@', or a tab or carriage return) gets a leading apostrophe, in CSV and XLSX;
  an XLSX text cell is always written as a string cell.
- Control characters never break a file: those XML 1.0 refuses become a space.
- CSV is what Dutch Excel opens: UTF-8 with a byte order mark, ';', decimal comma.
- XLSX keeps amounts as numbers with a thousands format, caps column widths, freezes
  the header row and notes the applied filter on a second sheet.

And the one way a table comes in: the upload's checks (`controleer_upload`,
`formaat_van`), reading its rows (`lees_tabel`), finding its columns by their
translated or their Dutch header (`zoek_kolommen`) and reading its date and number
cells as Dutch Excel writes them (`lees_datumcel`, `lees_getalcel`, `lees_bedragcel`).
"""

import csv
import io
import math
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from basis.opmaak import getal, lees_bedrag

CSV = "csv"
XLSX = "xlsx"
INHOUDSTYPEN = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULETEKENS = ("=", "+", "-", "@", "\t", "\r")
MAX_BREEDTE = 60
GEHEEL = "#,##0"
CENTEN = "#,##0.00"

# What XML 1.0 (and so openpyxl) refuses: C0 controls except tab, newline, carriage
# return; plus the surrogates and U+FFFE/U+FFFF.
_ONGELDIG = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BLADNAAM = re.compile(r"[\[\]:*?/\\]")


def veilige_tekst(tekst: str) -> str:
    """Text as a spreadsheet shows it: control characters as a space, never a formula."""
    tekst = _ONGELDIG.sub(" ", tekst)
    if tekst.startswith(FORMULETEKENS):
        return f"'{tekst}"
    return tekst


def _csv_getal(waarde: Decimal | int | float) -> str:
    """An int as it is (a year stays 2026); an amount as Dutch Excel reads it: '1.050.000,50'."""
    if isinstance(waarde, int):
        return str(waarde)
    return getal(Decimal(str(waarde)) if isinstance(waarde, float) else waarde)


@dataclass
class Blad:
    """One table: a title, its headers, its rows and the filter that chose them."""

    titel: str
    kolommen: Sequence[str]
    rijen: Iterable[Sequence[Any]]
    filter: Sequence[tuple[str, str]] = field(default_factory=tuple)

    def csv(self) -> bytes:
        uit = io.StringIO()
        uit.write("\ufeff")
        schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
        schrijver.writerow([veilige_tekst(str(k)) for k in self.kolommen])
        for rij in self.rijen:
            schrijver.writerow([_csv_cel(w) for w in rij])
        return uit.getvalue().encode("utf-8")

    def xlsx(self) -> bytes:
        boek = Workbook(write_only=True)
        blad = boek.create_sheet(_bladnaam(self.titel) or _("Gegevens"))
        rijen = [[_xlsx_cel(blad, w) for w in rij] for rij in self.rijen]
        kop = [_xlsx_cel(blad, str(k), vet=True) for k in self.kolommen]
        for nummer, breedte in enumerate(_breedtes(self.kolommen, rijen), start=1):
            blad.column_dimensions[get_column_letter(nummer)].width = breedte
        blad.freeze_panes = "A2"
        blad.append(kop)
        for rij in rijen:
            blad.append(rij)
        if rijen and self.kolommen:
            blad.auto_filter.ref = f"A1:{get_column_letter(len(self.kolommen))}{len(rijen) + 1}"
        filterblad = boek.create_sheet(_("Filter"))
        filterblad.column_dimensions["A"].width = 30
        filterblad.column_dimensions["B"].width = MAX_BREEDTE
        filterblad.append([_xlsx_cel(filterblad, _("Filter"), vet=True), ""])
        for naam, waarde in self.filter or [(_("Filter"), _("geen: alle rijen"))]:
            filterblad.append([_xlsx_cel(filterblad, str(naam)), _xlsx_cel(filterblad, waarde)])
        uit = io.BytesIO()
        boek.save(uit)
        return uit.getvalue()

    def bestand(self, formaat: str) -> bytes:
        return self.csv() if formaat == CSV else self.xlsx()

    def antwoord(self, formaat: str, bestandsnaam: str) -> HttpResponse:
        """The file as a download; formaat is 'csv' or 'xlsx'."""
        response = HttpResponse(self.bestand(formaat), content_type=INHOUDSTYPEN[formaat])
        response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
        return response


def _csv_cel(waarde: Any) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return _("ja") if waarde else _("nee")
    if isinstance(waarde, Decimal | int | float):
        return _csv_getal(waarde)
    if isinstance(waarde, datetime):
        return waarde.strftime("%d-%m-%Y %H:%M")
    if isinstance(waarde, date):
        return waarde.strftime("%d-%m-%Y")
    return veilige_tekst(str(waarde))


def _xlsx_cel(blad, waarde: Any, vet: bool = False) -> WriteOnlyCell:
    if isinstance(waarde, bool):
        waarde = _("ja") if waarde else _("nee")
    if isinstance(waarde, Decimal):
        geheel = waarde == waarde.to_integral_value()
        cel = WriteOnlyCell(blad, value=int(waarde) if geheel else waarde)
        cel.number_format = GEHEEL if geheel else CENTEN
        return cel
    if isinstance(waarde, float):
        cel = WriteOnlyCell(blad, value=waarde)
        cel.number_format = CENTEN
        return cel
    if isinstance(waarde, int | datetime | date) or waarde is None:
        cel = WriteOnlyCell(blad, value=waarde)
        if isinstance(waarde, date):
            cel.number_format = "dd-mm-yyyy hh:mm" if isinstance(waarde, datetime) else "dd-mm-yyyy"
        return cel
    cel = WriteOnlyCell(blad, value=veilige_tekst(str(waarde)))
    cel.data_type = "s"  # a string cell is never a formula
    if vet:
        cel.font = Font(bold=True)
    return cel


def _breedtes(kolommen: Sequence[str], rijen: list[list[WriteOnlyCell]]) -> list[float]:
    """Per column the longest line of its header and cells, between 8 and MAX_BREEDTE."""
    breedtes = [len(str(k)) for k in kolommen]
    for rij in rijen:
        for nummer, cel in enumerate(rij[: len(breedtes)]):
            waarde = cel.value
            if waarde is None:
                continue
            lengte = len(f"{waarde:,.2f}") if isinstance(waarde, Decimal | float) else None
            if lengte is None:
                tekst = str(waarde)
                lengte = max((len(r) for r in tekst.splitlines()), default=0)
            if lengte > breedtes[nummer]:
                breedtes[nummer] = lengte
    return [min(max(b + 2, 8), MAX_BREEDTE) for b in breedtes]


def _bladnaam(titel: str) -> str:
    """A sheet name Excel accepts: no []:*?/\\, at most 31 characters."""
    return _BLADNAAM.sub(" ", _ONGELDIG.sub(" ", str(titel))).strip()[:31]


# Reading: what Dutch Excel writes, within limits.

MAX_GROOTTE = 5 * 1024 * 1024  # bytes of an uploaded file
MAX_RIJEN = 20_000
MAX_GELEZEN_RIJEN = 5 * MAX_RIJEN  # rows read at all, blank or not
MAX_LEESTIJD = 20.0  # seconds


class Leesfout(ValueError):
    """A file that cannot be read as a table; the message is for the user, in Dutch."""


def _leeg(waarde: Any) -> bool:
    return waarde is None or (isinstance(waarde, str) and waarde.strip() == "")


def _decodeer(inhoud: bytes) -> str:
    """UTF-8 (with or without a byte order mark), else Windows-1252 as Dutch Excel saves."""
    try:
        return inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return inhoud.decode("cp1252")
        except UnicodeDecodeError:
            raise Leesfout(
                _(
                    "Het bestand is geen tekst in UTF-8 of Windows-1252; sla het op als CSV of .xlsx."
                )
            ) from None


def _csv_rijen(inhoud: bytes) -> Iterable[Sequence[Any]]:
    regels = _decodeer(inhoud).splitlines()
    kop = next((r for r in regels if r.strip(" \t;,")), "")
    scheiding = max(";,\t", key=kop.count)
    return csv.reader(regels, delimiter=scheiding)


def _xlsx_rijen(inhoud: bytes) -> Iterable[Sequence[Any]]:
    try:
        boek = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=True)
    except Exception:
        raise Leesfout(_("Dit is geen leesbaar Excel-bestand (.xlsx).")) from None
    try:
        yield from boek.worksheets[0].iter_rows(values_only=True)
    finally:
        boek.close()


def lees_tabel(
    inhoud: bytes, formaat: str, *, max_rijen: int = MAX_RIJEN
) -> tuple[list[str], list[list[Any]]]:
    """The header and the data rows of a CSV or the first sheet of an XLSX.

    Blank lines and formatted-but-empty rows are skipped; stops with a Leesfout after
    `max_rijen` data rows, MAX_GELEZEN_RIJEN rows read or MAX_LEESTIJD seconds.
    """
    begin = time.monotonic()
    rijen = _csv_rijen(inhoud) if formaat == CSV else _xlsx_rijen(inhoud)
    kop: list[str] | None = None
    data: list[list[Any]] = []
    try:
        for gelezen, rij in enumerate(rijen, start=1):
            if gelezen > MAX_GELEZEN_RIJEN or time.monotonic() - begin > MAX_LEESTIJD:
                raise Leesfout(_te_groot(max_rijen))
            if all(_leeg(w) for w in rij):
                continue
            if kop is None:
                kop = ["" if w is None else str(w).strip() for w in rij]
                continue
            if len(data) >= max_rijen:
                raise Leesfout(_te_groot(max_rijen))
            cellen = list(rij[: len(kop)]) + [None] * (len(kop) - len(rij))
            data.append([w.strip() if isinstance(w, str) else w for w in cellen])
    except csv.Error:
        raise Leesfout(_("Het CSV-bestand is niet leesbaar.")) from None
    if kop is None:
        raise Leesfout(_("Het bestand is leeg: er staat geen kopregel in."))
    return kop, data


def _te_groot(max_rijen: int) -> str:
    return _("Het bestand heeft meer dan %(aantal)s rijen; splits het in delen.") % {
        "aantal": getal(max_rijen)
    }


def formaat_van(bestandsnaam: str) -> str:
    """CSV for a '.csv' file, else XLSX."""
    return CSV if bestandsnaam.lower().endswith(".csv") else XLSX


def controleer_upload(bestand):
    """Only Excel (.xlsx) and CSV, at most MAX_GROOTTE: for every upload of a table."""
    if bestand.size > MAX_GROOTTE:
        raise ValidationError(_("Het bestand is groter dan 5 MB."))
    if not bestand.name.lower().endswith((".xlsx", ".csv")):
        raise ValidationError(_("Kies een Excel-bestand (.xlsx) of een CSV-bestand."))
    return bestand


def kopnamen(kolommen: dict[str, Any]) -> dict[str, str]:
    """Header text in lower case -> its key, for reading a table back.

    `kolommen` maps a key (the Dutch header in lower case, as files from before the
    headers were translated carry it) to the header as the portal writes it (marked
    for translation); both name the key, whatever the active language."""
    namen: dict[str, str] = {}
    for sleutel, kopnaam in kolommen.items():
        namen.setdefault(str(kopnaam).strip().lower(), sleutel)
        namen.setdefault(sleutel, sleutel)
    return namen


def zoek_kolommen(kop: Sequence[str], kolommen: dict[str, Any]) -> dict[str, int]:
    """Per key of `kolommen` the index of its column in the header `kop`, if present:
    by its translated or its Dutch header (kopnamen), without regard to case or
    surrounding spaces. The first matching column wins."""
    namen = kopnamen(kolommen)
    gevonden: dict[str, int] = {}
    for index, naam in enumerate(kop):
        sleutel = namen.get(str(naam or "").strip().lower())
        if sleutel is not None and sleutel not in gevonden:
            gevonden[sleutel] = index
    return gevonden


# Cells: a date or a number as Dutch Excel gives it.

CENT = Decimal("0.01")
RUIS = Decimal("0.000001")  # float noise below this is rounded to the cent


def lees_datumcel(waarde: object) -> date:
    """A date cell as Dutch Excel gives it: a date, '31-12-2026' or '2026-12-31'."""
    if isinstance(waarde, datetime):
        return waarde.date()
    if isinstance(waarde, date):
        return waarde
    for vorm in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(str(waarde or "").strip(), vorm).date()
        except ValueError:
            continue
    raise ValueError(_("'%(w)s' is geen datum; schrijf bijvoorbeeld 31-12-2026.") % {"w": waarde})


def lees_getalcel(waarde: object) -> Decimal:
    """A number cell: Dutch text ('1.250', '12,5', '€ 50.000') or a number.

    A number cell is read through its shortest text, never as a float sum; a formula's
    float noise (=100,1*3 is 300.29999999999995) is rounded to the cent. Raises
    ValueError or ArithmeticError for anything else; the caller words the message."""
    if isinstance(waarde, float):
        getal_ = Decimal(repr(waarde))
        if not getal_.is_finite():
            raise ValueError(waarde)
        afgerond = getal_.quantize(CENT)
        return afgerond if abs(getal_ - afgerond) <= RUIS else getal_
    if isinstance(waarde, int | Decimal) and not isinstance(waarde, bool):
        return Decimal(str(waarde))
    return lees_bedrag(str(waarde))


def lees_bedragcel(waarde: object) -> Decimal:
    """An amount cell in whole cents (lees_getalcel); more decimals are refused."""
    if isinstance(waarde, float) and not math.isfinite(waarde):
        raise ValueError(_("'%(waarde)s' is geen bedrag.") % {"waarde": waarde})
    try:
        bedrag = lees_getalcel(waarde)
    except (ValueError, ArithmeticError):
        raise ValueError(
            _("'%(waarde)s' is geen bedrag; schrijf bijvoorbeeld 1.050.000 of 1.050.000,50.")
            % {"waarde": waarde}
        ) from None
    if bedrag != bedrag.quantize(CENT):
        raise ValueError(
            _("%(w)s heeft meer dan twee decimalen; een bedrag is in hele centen, zoals 300,30.")
            % {"w": f"{bedrag:f}".replace(".", ",")}
        )
    return bedrag
