"""The budget's tables as basis.werkboek sheets: the execution, Tabel 1, co-financing.

Amounts stay Decimal; the execution sheet's headers are those the import of primitive
amounts reads ('Opgave', 'Begrotingsregel', 'Jaar', 'Primitief', `KOPPEN`), so it
imports back, in any language: budget.resources reads them through the same
translated strings, and the Dutch ones too.
"""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basis.werkboek import Blad
from budget.models import Cofinancieringsoverzicht
from budget.tabel import Begrotingstabel, Uitvoeringsbedragen, Uitvoeringstabel

# The headers and sum rows the import reads back (budget.resources): key (the Dutch
# text in lower case) -> the text as written.
KOPPEN = {
    "opgave": gettext_lazy("Opgave"),
    "opgavetitel": gettext_lazy("Opgavetitel"),
    "begrotingsregel": gettext_lazy("Begrotingsregel"),
    "jaar": gettext_lazy("Jaar"),
    "primitief": gettext_lazy("Primitief"),
}
OPTELLINGEN = {"subtotaal": gettext_lazy("Subtotaal"), "totaal": gettext_lazy("Totaal")}


def _bedragen(b: Uitvoeringsbedragen) -> list[Decimal | None]:
    return [b.primitief, b.wijzigingen, b.actueel, b.concept, b.verplicht, b.besteed, b.uitputting]


def uitvoering_blad(tabel: Uitvoeringstabel) -> Blad:
    rijen: list[list] = []
    for groep in tabel.groepen:
        opgave = groep.opgave
        for rij in groep.regels:
            regel = rij.regel.omschrijving
            rijen.append([opgave.nummer, opgave.titel, regel, tabel.jaar, *_bedragen(rij.bedragen)])
        rijen.append(
            [
                opgave.nummer,
                opgave.titel,
                str(OPTELLINGEN["subtotaal"]),
                tabel.jaar,
                *_bedragen(groep.subtotaal),
            ]
        )
    rijen.append([None, "", str(OPTELLINGEN["totaal"]), tabel.jaar, *_bedragen(tabel.totaal)])
    return Blad(
        titel=_("Begroting %(jaar)s") % {"jaar": tabel.jaar},
        kolommen=[
            *KOPPEN.values(),
            _("Wijzigingen"),
            _("Actueel"),
            _("Concept (niet meegeteld)"),
            _("Verplicht"),
            _("Besteed"),
            _("Uitputting (%)"),
        ],
        rijen=rijen,
        filter=[(_("Jaar"), str(tabel.jaar))],
    )


def tabel1_blad(tabel: Begrotingstabel) -> Blad:
    rijen: list[list] = []
    for groep in tabel.groepen:
        opgave = groep.opgave
        for rij in groep.regels:
            rijen.append([opgave.nummer, opgave.titel, rij.regel.omschrijving, *rij.bedragen])
        rijen.append(
            [opgave.nummer, opgave.titel, str(OPTELLINGEN["subtotaal"]), *groep.subtotalen]
        )
    rijen.append([None, "", str(OPTELLINGEN["totaal"]), *tabel.totalen])
    return Blad(
        titel=_("Tabel 1"),
        kolommen=[
            KOPPEN["opgave"],
            KOPPEN["opgavetitel"],
            KOPPEN["begrotingsregel"],
            *map(str, tabel.jaren),
        ],
        rijen=rijen,
    )


def cofinanciering_blad(overzicht: Cofinancieringsoverzicht) -> Blad:
    return Blad(
        titel=_("Cofinanciering"),
        kolommen=[
            KOPPEN["opgave"],
            KOPPEN["opgavetitel"],
            KOPPEN["begrotingsregel"],
            _("Financieringsbron"),
            KOPPEN["jaar"],
            _("Verwacht"),
            _("Toegekend"),
            _("Toelichting"),
        ],
        rijen=[
            [
                c.opgave.nummer,
                c.opgave.titel,
                c.regel.omschrijving if c.regel else "",
                c.bron.naam,
                c.jaar,
                c.verwacht,
                c.toegekend,
                c.toelichting,
            ]
            for c in overzicht.rijen
        ],
    )
