"""Dutch presentation of numbers and money; used by templates, admin and exports.

Grouping is applied here, per value, because USE_THOUSAND_SEPARATOR stays off
so that years are never shown as 2.026.
"""

import re
from decimal import Decimal

from django.utils.formats import number_format

Getal = Decimal | int


def getal(waarde: Getal | None) -> str:
    """1050000 -> '1.050.000'; 1050000.5 -> '1.050.000,50'; None -> ''."""
    if waarde is None:
        return ""
    waarde = Decimal(waarde)
    decimalen = 0 if waarde == waarde.to_integral_value() else 2
    return number_format(waarde, decimal_pos=decimalen, use_l10n=True, force_grouping=True)


def bedrag(waarde: Getal | None) -> str:
    """An amount as in Tabel 1: grouped, and '-' for zero."""
    if waarde is None or Decimal(waarde) == 0:
        return "-"
    return getal(waarde)


def euro(waarde: Getal | None) -> str:
    """'€ 1.050.000'; zero is shown as '€ 0'."""
    if waarde is None:
        return ""
    tekst = getal(waarde)
    if tekst.startswith("-"):
        return f"-€ {tekst[1:]}"
    return f"€ {tekst}"


# The one grammar for an amount typed in Dutch (README, "Instellingen"): an optional
# sign, an optional single euro sign with at most one space after it, the digits
# either ungrouped or grouped by dots in threes (no leading zero before the first
# dot), and an optional decimal comma with one or two digits. ASCII digits only.
_BEDRAG = re.compile(
    r"(?P<teken>[+-]?)(?:€[ \u00a0]?)?"
    r"(?P<geheel>[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+)"
    r"(?:,(?P<decimalen>[0-9]{1,2}))?"
)


def lees_bedrag(tekst: str) -> Decimal:
    """Read an amount typed in Dutch, by one strict grammar; raises ValueError otherwise.

    Accepts '1.050.000', '1050000', '1.050.000,50', '€ 1.050.000', '-€ 2.500' and
    '+12,5'. Refuses what it would have to guess: '12.5' (a dot only groups thousands,
    so this is neither 12,5 nor 125 for sure), '€€1', '1 2 3', '1,٣', '1,234', '1e6'.
    Babel's strict parse_decimal was considered and left: it accepts other scripts'
    digits, '1_000', '1e6', 'NaN' and any number of decimals.
    """
    gevonden = _BEDRAG.fullmatch(tekst.strip())
    if gevonden is None:
        raise ValueError(tekst)
    geheel = gevonden["geheel"].replace(".", "")
    decimalen = f".{gevonden['decimalen']}" if gevonden["decimalen"] else ""
    waarde = Decimal(f"{gevonden['teken']}{geheel}{decimalen}")
    # '-0' is zero, not a negative amount.
    return waarde.copy_abs() if waarde == 0 else waarde
