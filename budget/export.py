"""The /begroting/ execution table as rows for CSV and XLSX; amounts stay Decimal."""

from decimal import Decimal

import tablib
from django.utils.translation import gettext as _

from budget.tabel import Uitvoeringsbedragen, Uitvoeringstabel

FORMATEN = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _bedragen(b: Uitvoeringsbedragen) -> list[Decimal | str]:
    return [
        b.primitief,
        b.wijzigingen,
        b.actueel,
        b.concept,
        b.verplicht,
        b.besteed,
        "" if b.uitputting is None else b.uitputting,
    ]


def uitvoering_dataset(tabel: Uitvoeringstabel) -> tablib.Dataset:
    data = tablib.Dataset(
        headers=[
            _("Opgave"),
            _("Begrotingsregel"),
            _("Jaar"),
            _("Primitief"),
            _("Wijzigingen"),
            _("Actueel"),
            _("Concept (niet meegeteld)"),
            _("Verplicht"),
            _("Besteed"),
            _("Uitputting (%)"),
        ],
        title=_("Begroting %(jaar)s") % {"jaar": tabel.jaar},
    )
    for groep in tabel.groepen:
        for rij in groep.regels:
            data.append(
                [groep.opgave.nummer, rij.regel.omschrijving, tabel.jaar, *_bedragen(rij.bedragen)]
            )
        data.append([groep.opgave.nummer, _("Subtotaal"), tabel.jaar, *_bedragen(groep.subtotaal)])
    data.append(["", _("Totaal"), tabel.jaar, *_bedragen(tabel.totaal)])
    return data
