"""Excel/CSV import of budget lines, primitive amounts, amendments and realisations.

django-import-export reads the file, shows a preview with every row and its
row number, and imports only when no row has an error; the import runs in one
transaction, so a file with a bad row changes nothing.
"""

import time
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import RowResult

from basis.versies import Versieconflict, bewaar_object
from basis.werkboek import kopnamen, lees_bedragcel, lees_datumcel
from budget import export
from budget.models import Begrotingsbedrag, Begrotingsregel, Begrotingswijziging, Realisatie
from opgaven.models import Opgave, Programma


class BedragWidget(widgets.Widget):
    """An amount as people type it in Dutch, or an Excel number (basis.werkboek.lees_bedragcel)."""

    def clean(self, value, row=None, **kwargs) -> Decimal | None:
        if value is None or str(value).strip() == "":
            return None
        return lees_bedragcel(value)

    def render(self, value, obj=None, **kwargs):
        return value


class DatumWidget(widgets.DateWidget):
    """'31-12-2026', '2026-12-31' or an Excel date cell (basis.werkboek.lees_datumcel)."""

    def __init__(self) -> None:
        super().__init__(format="%d-%m-%Y")

    def clean(self, value, row=None, **kwargs) -> date | None:
        if value is None or str(value).strip() == "":
            return None
        return lees_datumcel(value)


class BedragOfNulWidget(BedragWidget):
    def clean(self, value, row=None, **kwargs) -> Decimal:
        return super().clean(value, row, **kwargs) or Decimal("0")


class ProgrammaWidget(widgets.ForeignKeyWidget):
    """A foreign key looked up in the current programme, once per distinct cell value.

    import-export copies the widgets for every import, so what is found is kept for
    one file only: a 10,000-row file of a few lines asks the database a few times."""

    def __init__(self, model, field: str) -> None:
        super().__init__(model, field=field)
        self._programma: Programma | None = None
        self._gevonden: dict[tuple, object] = {}

    def programma(self) -> Programma | None:
        if self._programma is None:
            self._programma = Programma.objects.actueel()
        return self._programma

    def sleutel(self, value, row) -> tuple:
        return (value,)

    def clean(self, value, row=None, **kwargs):
        sleutel = self.sleutel(value, row)
        if sleutel not in self._gevonden:
            self._gevonden[sleutel] = super().clean(value, row, **kwargs)
        return self._gevonden[sleutel]


class OpgaveWidget(ProgrammaWidget):
    """An opgave by its number in the current programme."""

    def __init__(self) -> None:
        super().__init__(Opgave, field="nummer")

    def get_queryset(self, value, row, *args, **kwargs):
        return Opgave.objects.filter(programma=self.programma())

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (Opgave.DoesNotExist, ValueError):
            raise ValueError(_("Opgave '%(nummer)s' bestaat niet.") % {"nummer": value}) from None


class RegelWidget(ProgrammaWidget):
    """A budget line by its name within the row's opgave (column 'opgave')."""

    def __init__(self) -> None:
        super().__init__(Begrotingsregel, field="omschrijving")

    def sleutel(self, value, row) -> tuple:
        return (value, (row or {}).get("opgave"))

    def get_queryset(self, value, row, *args, **kwargs):
        # With its opgave and programme: the model's clean() reads the period there.
        return Begrotingsregel.objects.select_related("opgave__programma").filter(
            opgave__programma=self.programma(), opgave__nummer=(row or {}).get("opgave")
        )

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (Begrotingsregel.DoesNotExist, ValueError):
            raise ValueError(
                _("Opgave '%(opgave)s' heeft geen begrotingsregel '%(regel)s'.")
                % {"opgave": (row or {}).get("opgave"), "regel": value}
            ) from None


class JaarWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs) -> int | None:
        try:
            return super().clean(value, row, **kwargs)
        except (ValueError, ArithmeticError):
            raise ValueError(
                _("'%(waarde)s' is geen jaar; schrijf bijvoorbeeld 2026.") % {"waarde": value}
            ) from None


def _jaarveld() -> fields.Field:
    return fields.Field(attribute="jaar", column_name="jaar", widget=JaarWidget())


MAX_IMPORTTIJD = 300.0  # seconds for the rows of one file; then every further row fails


class BegrotingResource(resources.ModelResource):
    """Shared: full model validation, one transaction, and every row saved through
    basis.versies.bewaar_object with the importer and the reason they gave (plus the
    file name) in the history, like any other change.

    Headers are read without regard to case, and under the names the portal's own
    export uses (budget.export.KOPPEN, translated or Dutch; then `KOPPEN`); its
    subtotal and total rows are skipped. Two rows with the
    same key are both refused, each naming the other."""

    KOPPEN: dict[str, str] = {}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        formulier = kwargs.get("form")
        gegevens = getattr(formulier, "cleaned_data", None) or {}
        self._reden = gegevens.get("reden", "")
        # The preview notes the version of each row it would change (in the dict the
        # admin passes); the confirmation brings them back: a row changed in between
        # stops the import (Versieconflict, a row error), nothing is overwritten unseen.
        self._geziene_versies: dict[str, str] = kwargs.get("geziene_versies", {})
        self._getoonde_versies: dict[str, str] | None = gegevens.get("versies")
        self._gebruiker = None
        self._bestand = ""
        self._sleutels: dict[tuple, list[int]] = {}
        self._begin = time.monotonic()

    def before_import(self, dataset, **kwargs) -> None:
        self._begin = time.monotonic()
        kolommen = {f.column_name for f in self.get_import_fields()}
        exportkoppen = kopnamen(export.KOPPEN)
        koppen = []
        for kop in dataset.headers or []:
            naam = str(kop or "").strip().lower()
            naam = exportkoppen.get(naam, naam)
            naam = self.KOPPEN.get(naam, naam)
            koppen.append(naam if naam in kolommen else kop)
        dataset.headers = koppen
        self._sleutels = {}
        sleutelkolommen = self._sleutelkolommen()
        if sleutelkolommen and all(k in koppen for k in sleutelkolommen):
            for nummer, rij in enumerate(dataset.dict, start=1):
                if not self._is_optelling(rij):
                    sleutel = tuple(str(rij[k] or "").strip().lower() for k in sleutelkolommen)
                    self._sleutels.setdefault(sleutel, []).append(nummer)

    def _sleutelkolommen(self) -> list[str]:
        if self._meta.force_init_instance:
            return []
        velden = list(self.fields.values())
        namen = [
            next(f.column_name for f in velden if f.attribute == a or f.column_name == a)
            for a in self._meta.import_id_fields
        ]
        return (["opgave"] if "opgave" not in namen else []) + namen

    @staticmethod
    def _is_optelling(rij) -> bool:
        regel = rij.get("begrotingsregel", rij.get("omschrijving"))
        return str(regel or "").strip().lower() in kopnamen(export.OPTELLINGEN)

    def import_row(self, row, instance_loader, **kwargs):
        if self._is_optelling(row):
            resultaat = self.get_row_result_class()()
            resultaat.import_type = RowResult.IMPORT_TYPE_SKIP
            return resultaat
        return super().import_row(row, instance_loader, **kwargs)

    def before_import_row(self, row, **kwargs) -> None:
        if time.monotonic() - self._begin > MAX_IMPORTTIJD:
            raise ValidationError(
                _("De import duurde langer dan %(s)d seconden; splits het bestand in delen.")
                % {"s": MAX_IMPORTTIJD}
            )
        nummer = kwargs.get("row_number")
        self._rijnummer = nummer
        kolommen = self._sleutelkolommen()
        if not kolommen:
            return
        sleutel = tuple(str(row.get(k) or "").strip().lower() for k in kolommen)
        andere = [n for n in self._sleutels.get(sleutel, []) if n != nummer]
        if andere:
            raise ValidationError(
                _(
                    "Rij %(rij)s en rij %(andere)s gaan over hetzelfde (%(sleutel)s); "
                    "laat er één staan."
                )
                % {
                    "rij": nummer,
                    "andere": ", ".join(map(str, andere)),
                    "sleutel": ", ".join(f"{k} {row.get(k)}" for k in kolommen),
                }
            )

    def get_or_init_instance(self, instance_loader, row):
        # The row's state as loaded, before the file's values are set on it: no extra
        # query per row (a version change after this is caught by bewaar_object's check).
        instance, nieuw = super().get_or_init_instance(instance_loader, row)
        self._staat_bij_laden = "" if nieuw else _staat(instance)
        return instance, nieuw

    def before_save_instance(self, instance, row, **kwargs):
        self._gebruiker = kwargs.get("user")
        self._bestand = kwargs.get("file_name") or _("een bestand")

    def do_instance_save(self, instance, is_create):
        herkomst = _("import %(bestand)s") % {"bestand": self._bestand}
        reden = f"{self._reden} ({herkomst})" if self._reden else herkomst
        verwacht = None
        # What the preview did with this row of the file: update row <pk>, or add it.
        rij = f"rij{getattr(self, '_rijnummer', '')}"
        self._geziene_versies[rij] = "nieuw" if is_create else str(instance.pk)
        if self._getoonde_versies is not None and self._getoonde_versies.get(rij, "nieuw") != (
            "nieuw" if is_create else str(instance.pk)
        ):
            raise ValidationError(
                _(
                    "%(wat)s is verwijderd of vervangen nadat het voorbeeld werd getoond. Er "
                    "is niets geïmporteerd; lees het bestand opnieuw in."
                )
                % {"wat": instance}
            )
        if not is_create:
            staat = self._staat_bij_laden
            self._geziene_versies[str(instance.pk)] = staat
            if self._getoonde_versies is not None:
                getoond = self._getoonde_versies.get(str(instance.pk), "")
                # Not in the preview (it was new then): never the row's version.
                verwacht = int(getoond.split("|")[0]) if getoond[:1].isdigit() else 0
                if getoond != staat and verwacht == instance.versie:
                    # Moved by a reorder, which does not raise the version.
                    raise ValidationError(
                        _(
                            "%(wat)s is verplaatst nadat het voorbeeld werd getoond. Er is "
                            "niets geïmporteerd; lees het bestand opnieuw in."
                        )
                        % {"wat": instance}
                    )
        try:
            bewaar_object(
                obj=instance,
                verwachte_versie=verwacht,
                gebruiker=self._gebruiker,
                reden=reden[:100],
                velden=[v.attribute for v in self.get_import_fields() if v.attribute],
            )
        except Versieconflict as conflict:
            raise ValidationError(
                _(
                    "%(wat)s is door %(wie)s gewijzigd nadat het voorbeeld werd getoond"
                    "%(details)s. Er is niets geïmporteerd; lees het bestand opnieuw in."
                )
                % {
                    "wat": conflict.huidig,
                    "wie": conflict.door or _("iemand anders"),
                    "details": conflict.details(),
                }
            ) from conflict

    def dehydrate_opgave(self, obj) -> int:
        return obj.regel.opgave.nummer


def _staat(instance) -> str:
    """ "versie|veld=waarde…" of a row as loaded: its version and the fields a reorder
    changes without one (Versiebeheerd.VELDEN_ZONDER_VERSIE)."""
    namen = {veld.name for veld in type(instance)._meta.concrete_fields}
    return "|".join(
        [
            str(instance.versie),
            *(
                f"{naam}={getattr(instance, naam)}"
                for naam in sorted(type(instance).VELDEN_ZONDER_VERSIE)
                if naam in namen
            ),
        ]
    )


def _regelveld() -> fields.Field:
    return fields.Field(attribute="regel", column_name="begrotingsregel", widget=RegelWidget())


class BegrotingsregelResource(BegrotingResource):
    KOPPEN = {"begrotingsregel": "omschrijving"}
    opgave = fields.Field(attribute="opgave", column_name="opgave", widget=OpgaveWidget())

    class Meta:
        model = Begrotingsregel
        fields = ["opgave", "omschrijving", "volgorde"]
        import_id_fields = ["opgave", "omschrijving"]
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True

    def dehydrate_opgave(self, obj) -> int:
        return obj.opgave.nummer


class BegrotingsbedragResource(BegrotingResource):
    """Also reads /begroting/export.xlsx back: its 'Primitief' is the amount."""

    KOPPEN = {"primitief": "bedrag"}
    opgave = fields.Field(column_name="opgave", readonly=True)
    regel = _regelveld()
    jaar = _jaarveld()
    bedrag = fields.Field(attribute="bedrag", column_name="bedrag", widget=BedragWidget())

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        # A year without a primitive amount is exported as 0; that adds nothing.
        if instance.pk is None and instance.bedrag == 0 and not import_validation_errors:
            return True
        return super().skip_row(instance, original, row, import_validation_errors)

    class Meta:
        model = Begrotingsbedrag
        fields = ["opgave", "regel", "jaar", "bedrag"]
        import_id_fields = ["regel", "jaar"]
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True


class BegrotingswijzigingResource(BegrotingResource):
    opgave = fields.Field(column_name="opgave", readonly=True)
    regel = _regelveld()
    jaar = _jaarveld()
    bedrag = fields.Field(attribute="bedrag", column_name="bedrag", widget=BedragWidget())
    besluitdatum = fields.Field(
        attribute="besluitdatum",
        column_name="besluitdatum",
        widget=DatumWidget(),
    )

    class Meta:
        model = Begrotingswijziging
        fields = [
            "opgave",
            "regel",
            "jaar",
            "bedrag",
            "kenmerk",
            "besluitdatum",
            "orgaan",
            "motivering",
            "status",
        ]
        # Every row is a new amendment; corrections are made in the admin.
        force_init_instance = True
        clean_model_instances = True
        use_transactions = True


class RealisatieResource(BegrotingResource):
    opgave = fields.Field(column_name="opgave", readonly=True)
    regel = _regelveld()
    jaar = _jaarveld()
    datum = fields.Field(
        attribute="datum",
        column_name="datum",
        widget=DatumWidget(),
    )
    verplicht = fields.Field(
        attribute="verplicht", column_name="verplicht", widget=BedragOfNulWidget()
    )
    besteed = fields.Field(attribute="besteed", column_name="besteed", widget=BedragOfNulWidget())

    class Meta:
        model = Realisatie
        fields = ["opgave", "regel", "jaar", "datum", "omschrijving", "verplicht", "besteed"]
        force_init_instance = True
        clean_model_instances = True
        use_transactions = True
