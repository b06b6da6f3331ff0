"""The progress workbook: download the results and activities a user may edit, fill in
status, texts and indicator values in Excel, upload, preview, confirm.

One row per result or activity (code R<pk> / A<pk>), below a result one row per
indicator (I<pk>) with its value. A row without a status adds nothing. The same rules
as the form apply (Voortgangsupdate.full_clean); writing is append-only through
resultaten.services.registreer_werkblad, all rows or none.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basis import werkboek
from basis.rechten import Rechten
from opgaven.models import Activiteit, Programma
from resultaten.models import Indicator, Resultaat, Status, Voortgangsupdate

# The columns: key (the Dutch header in lower case, which files made before the headers
# were translated carry) -> the header as the workbook writes it. Reading finds a
# column by either (basis.werkboek.zoek_kolommen).
KOLOMMEN = {
    "code": gettext_lazy("Code"),
    "opgave": gettext_lazy("Opgave"),
    "opgavetitel": gettext_lazy("Opgavetitel"),
    "soort": gettext_lazy("Soort"),
    "omschrijving": gettext_lazy("Omschrijving"),
    "laatste peildatum": gettext_lazy("Laatste peildatum"),
    "laatste status": gettext_lazy("Laatste status"),
    "peildatum": gettext_lazy("Peildatum"),
    "status": gettext_lazy("Status"),
    "toelichting": gettext_lazy("Toelichting"),
    "verklaring": gettext_lazy("Verklaring"),
    "maatregel": gettext_lazy("Maatregel"),
    "waarde": gettext_lazy("Waarde"),
}
_STATUSSEN = {str(label).lower(): waarde for waarde, label in Status.choices} | {
    waarde: waarde for waarde in Status.values
}


def maak_werkblad(*, programma: Programma, rechten: Rechten, peildatum: date) -> werkboek.Blad:
    """The workbook for `peildatum`: the editable opgaven's results (with their
    indicators) and activities, each with its latest update on or before it."""
    opgaven = [o for o in programma.opgaven.order_by("nummer") if rechten.mag_bewerken(o)]
    laatste = {
        (u.resultaat_id, u.activiteit_id): u
        for u in Voortgangsupdate.objects.filter(opgave__in=opgaven)
        .laatste_per_onderdeel(peildatum=peildatum)
        .select_related(None)
    }
    resultaten = Resultaat.objects.filter(opgave__in=opgaven).prefetch_related("indicatoren")
    per_opgave: dict[int, list] = {}
    for resultaat in resultaten.order_by("opgave__nummer", "volgorde", "pk"):
        per_opgave.setdefault(resultaat.opgave_id, []).append(resultaat)
    activiteiten: dict[int, list] = {}
    for activiteit in Activiteit.objects.filter(opgave__in=opgaven).order_by("volgorde", "pk"):
        activiteiten.setdefault(activiteit.opgave_id, []).append(activiteit)

    def rij(code, opgave, soort, omschrijving, update) -> list[Any]:
        return [
            code,
            opgave.nummer,
            opgave.titel,
            soort,
            omschrijving,
            update.peildatum if update else None,
            update.get_status_display() if update else "",
            peildatum,
            "",
            "",
            "",
            "",
            None,
        ]

    rijen: list[list[Any]] = []
    for opgave in opgaven:
        for resultaat in per_opgave.get(opgave.pk, []):
            update = laatste.get((resultaat.pk, None))
            rijen.append(rij(f"R{resultaat.pk}", opgave, _("resultaat"), resultaat, update))
            for indicator in resultaat.indicatoren.all():
                rijen.append(
                    [f"I{indicator.pk}", opgave.nummer, opgave.titel, _("indicator")]
                    + [str(indicator)]
                    + [None] * (len(KOLOMMEN) - 5)
                )
        for activiteit in activiteiten.get(opgave.pk, []):
            update = laatste.get((None, activiteit.pk))
            rijen.append(rij(f"A{activiteit.pk}", opgave, _("activiteit"), activiteit, update))
    return werkboek.Blad(
        titel=_("Voortgang"),
        kolommen=list(KOLOMMEN.values()),
        rijen=rijen,
        filter=[(_("Peildatum"), peildatum.strftime("%d-%m-%Y"))],
    )


@dataclass
class Werkbladrij:
    """One row of an uploaded workbook that adds an update, or says why it cannot."""

    nummer: int
    code: str
    omschrijving: str
    fouten: list[str] = field(default_factory=list)
    gegevens: dict[str, Any] = field(default_factory=dict)
    waarden: dict[int, str] = field(default_factory=dict)  # indicator pk -> Decimal as text


def _tekst(waarde: Any) -> str:
    return "" if waarde is None else str(waarde).strip()


def _datum(waarde: Any) -> date:
    try:
        return werkboek.lees_datumcel(waarde)
    except ValueError:
        raise ValueError(
            _("'%(w)s' is geen datum; schrijf bijvoorbeeld 30-06-2026.") % {"w": waarde}
        ) from None


def _waarde(waarde: Any) -> Decimal:
    try:
        return werkboek.lees_getalcel(waarde)
    except (ValueError, ArithmeticError):
        raise ValueError(
            _("'%(w)s' is geen getal; schrijf bijvoorbeeld 1.250 of 12,5.") % {"w": waarde}
        ) from None


def lees_werkblad(
    inhoud: bytes, *, formaat: str, programma: Programma, rechten: Rechten
) -> list[Werkbladrij]:
    """The rows that add an update, each with its errors (Dutch); raises werkboek.Leesfout."""
    kop, data = werkboek.lees_tabel(inhoud, formaat)
    kolom = werkboek.zoek_kolommen(kop, KOLOMMEN)
    if "code" not in kolom or "status" not in kolom:
        raise werkboek.Leesfout(
            _("Dit is geen voortgangswerkblad: de kolommen %(code)s en %(status)s ontbreken.")
            % {"code": KOLOMMEN["code"], "status": KOLOMMEN["status"]}
        )

    def cel(rij: list, naam: str) -> Any:
        i = kolom.get(naam)
        return None if i is None else rij[i]

    codes = [_tekst(cel(r, "code")).upper() for r in data]
    pks = {
        soort: {int(c[1:]) for c in codes if c[:1] == soort and c[1:].isdigit()} for soort in "RAI"
    }
    resultaten = Resultaat.objects.filter(opgave__programma=programma, pk__in=pks["R"])
    resultaten = resultaten.select_related("opgave").in_bulk()
    activiteiten = Activiteit.objects.filter(opgave__programma=programma, pk__in=pks["A"])
    activiteiten = activiteiten.select_related("opgave").in_bulk()
    indicatoren = Indicator.objects.filter(
        resultaat__opgave__programma=programma, pk__in=pks["I"]
    ).in_bulk()

    rijen: list[Werkbladrij] = []
    per_resultaat: dict[int, Werkbladrij] = {}
    for nummer, (code, data_rij) in enumerate(zip(codes, data, strict=True), start=2):
        soort, pk = code[:1], int(code[1:]) if code[1:].isdigit() else None
        if soort == "I":
            waarde = cel(data_rij, "waarde")
            if _tekst(waarde) == "":
                continue
            indicator = indicatoren.get(pk)
            doel = per_resultaat.get(indicator.resultaat_id) if indicator else None
            if doel is None:
                fout = Werkbladrij(nummer=nummer, code=code, omschrijving=str(indicator or code))
                fout.fouten.append(
                    _("Deze waarde hoort bij geen resultaat met een status in dit werkblad.")
                    if indicator
                    else _("Indicator %(code)s bestaat niet.") % {"code": code}
                )
                rijen.append(fout)
                continue
            try:
                doel.waarden[indicator.pk] = str(_waarde(waarde))
            except ValueError as fout:
                doel.fouten.append(f"{_('rij')} {nummer}: {fout}")
            continue
        status = _tekst(cel(data_rij, "status"))
        if not status:
            continue
        onderdeel = (resultaten if soort == "R" else activiteiten if soort == "A" else {}).get(pk)
        rij = Werkbladrij(nummer=nummer, code=code, omschrijving=str(onderdeel or code))
        rijen.append(rij)
        if onderdeel is None:
            rij.fouten.append(_("%(code)s is geen resultaat of activiteit.") % {"code": code})
            continue
        if soort == "R":
            per_resultaat[pk] = rij
        if not rechten.mag_bewerken(onderdeel.opgave_id):
            rij.fouten.append(
                _("U mag opgave %(nummer)s niet bewerken.") % {"nummer": onderdeel.opgave.nummer}
            )
            continue
        rij.gegevens = {
            "resultaat" if soort == "R" else "activiteit": pk,
            "status": _STATUSSEN.get(status.lower(), status),
            "toelichting": _tekst(cel(data_rij, "toelichting")),
            "verklaring": _tekst(cel(data_rij, "verklaring")),
            "maatregel": _tekst(cel(data_rij, "maatregel")),
        }
        try:
            rij.gegevens["peildatum"] = _datum(cel(data_rij, "peildatum")).isoformat()
        except ValueError as fout:
            rij.fouten.append(str(fout))
            continue
        _controleer(rij, onderdeel)
    return rijen


def _controleer(rij: Werkbladrij, onderdeel: Resultaat | Activiteit) -> None:
    """The form's rules, by the model's own validation."""
    g = rij.gegevens
    update = Voortgangsupdate(
        resultaat=onderdeel if "resultaat" in g else None,
        activiteit=onderdeel if "activiteit" in g else None,
        opgave_id=onderdeel.opgave_id,
        peildatum=date.fromisoformat(g["peildatum"]),
        status=g["status"],
        toelichting=g["toelichting"],
        verklaring=g["verklaring"],
        maatregel=g["maatregel"],
    )
    try:
        update.full_clean(exclude=["ingevoerd_door"])
    except ValidationError as fout:
        for naam, meldingen in fout.message_dict.items():
            veld = Voortgangsupdate._meta.get_field(naam).verbose_name if naam != "__all__" else ""
            rij.fouten.extend(f"{veld}: {m}" if veld else m for m in meldingen)
