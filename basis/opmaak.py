"""Dutch presentation of numbers and money; used by templates, admin and exports.

Grouping is applied here, per value, because USE_THOUSAND_SEPARATOR stays off
so that years are never shown as 2.026.
"""

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


_BEDRAG_TEKENS = str.maketrans("", "", "€ \u00a0\t")


def lees_bedrag(tekst: str) -> Decimal:
    """Read an amount as people type it in Dutch.

    Accepts '1.050.000', '1050000', '1.050.000,50', '€ 1.050.000' and '-2.500'.
    A dot is a thousands separator and a comma the decimal separator; a single
    dot followed by exactly one or two digits (e.g. '12.5') is read as a decimal
    point, because nobody groups thousands like that. Raises ValueError.
    """
    schoon = tekst.translate(_BEDRAG_TEKENS)
    if not schoon:
        raise ValueError("leeg")
    teken = ""
    if schoon[0] in "+-":
        teken, schoon = ("-" if schoon[0] == "-" else ""), schoon[1:]
    if "," in schoon:
        geheel, _, decimalen = schoon.partition(",")
        if "," in decimalen or "." in decimalen:
            raise ValueError(tekst)
    elif schoon.count(".") == 1 and len(schoon.rsplit(".", 1)[1]) in (1, 2):
        geheel, _, decimalen = schoon.partition(".")
    else:
        geheel, decimalen = schoon, ""
    groepen = geheel.split(".")
    if len(groepen) > 1 and (
        not 1 <= len(groepen[0]) <= 3 or any(len(groep) != 3 for groep in groepen[1:])
    ):
        raise ValueError(tekst)
    cijfers = "".join(groepen)
    if (
        not cijfers.isascii()
        or not cijfers.isdigit()
        or not (decimalen == "" or decimalen.isdigit())
    ):
        raise ValueError(tekst)
    return Decimal(f"{teken}{cijfers}.{decimalen or '0'}")
