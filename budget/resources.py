"""Excel/CSV import of budget lines, primitive amounts, amendments and realisations.

django-import-export reads the file, shows a preview with every row and its
row number, and imports only when no row has an error; the import runs in one
transaction, so a file with a bad row changes nothing.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from basis.opmaak import lees_bedrag
from basis.versies import bewaar_object
from budget.models import Begrotingsbedrag, Begrotingsregel, Begrotingswijziging, Realisatie
from opgaven.models import Opgave, Programma


class BedragWidget(widgets.Widget):
    """An amount as people type it in Dutch ('1.050.000,50', '€ 50.000'), or an Excel number.

    Always a Decimal: a number cell is read through its shortest text, never as a float sum.
    """

    def clean(self, value, row=None, **kwargs) -> Decimal | None:
        if value is None or str(value).strip() == "":
            return None
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            bedrag = Decimal(str(value))
        else:
            try:
                bedrag = lees_bedrag(str(value))
            except (ValueError, ArithmeticError):
                raise ValueError(
                    _(
                        "'%(waarde)s' is geen bedrag; schrijf bijvoorbeeld 1.050.000 of 1.050.000,50."
                    )
                    % {"waarde": value}
                ) from None
        if bedrag != bedrag.quantize(Decimal("0.01")):
            raise ValueError(_("Een bedrag heeft hoogstens twee decimalen: %(w)s") % {"w": value})
        return bedrag

    def render(self, value, obj=None, **kwargs):
        return value


class DatumWidget(widgets.DateWidget):
    """'31-12-2026', '2026-12-31' or an Excel date cell."""

    def __init__(self) -> None:
        super().__init__()
        self.formats = ("%d-%m-%Y", "%Y-%m-%d")

    def clean(self, value, row=None, **kwargs) -> date | None:
        try:
            waarde = super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                _("'%(waarde)s' is geen datum; schrijf bijvoorbeeld 31-12-2026.")
                % {"waarde": value}
            ) from None
        return waarde.date() if isinstance(waarde, datetime) else waarde


class BedragOfNulWidget(BedragWidget):
    def clean(self, value, row=None, **kwargs) -> Decimal:
        return super().clean(value, row, **kwargs) or Decimal("0")


def _programma() -> Programma | None:
    return Programma.objects.actueel()


class OpgaveWidget(widgets.ForeignKeyWidget):
    """An opgave by its number in the current programme."""

    def __init__(self) -> None:
        super().__init__(Opgave, field="nummer")

    def get_queryset(self, value, row, *args, **kwargs):
        return Opgave.objects.filter(programma=_programma())

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (Opgave.DoesNotExist, ValueError):
            raise ValueError(_("Opgave '%(nummer)s' bestaat niet.") % {"nummer": value}) from None


class RegelWidget(widgets.ForeignKeyWidget):
    """A budget line by its name within the row's opgave (column 'opgave')."""

    def __init__(self) -> None:
        super().__init__(Begrotingsregel, field="omschrijving")

    def get_queryset(self, value, row, *args, **kwargs):
        return Begrotingsregel.objects.filter(
            opgave__programma=_programma(), opgave__nummer=(row or {}).get("opgave")
        )

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (Begrotingsregel.DoesNotExist, ValueError):
            raise ValueError(
                _("Opgave '%(opgave)s' heeft geen begrotingsregel '%(regel)s'.")
                % {"opgave": (row or {}).get("opgave"), "regel": value}
            ) from None


class BegrotingResource(resources.ModelResource):
    """Shared: full model validation, one transaction, and every row saved through
    basis.versies.bewaar_object with the importer and the reason they gave (plus the
    file name) in the history, like any other change."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        formulier = kwargs.get("form")
        self._reden = (getattr(formulier, "cleaned_data", None) or {}).get("reden", "")
        self._gebruiker = None
        self._bestand = ""

    def before_save_instance(self, instance, row, **kwargs):
        self._gebruiker = kwargs.get("user")
        self._bestand = kwargs.get("file_name") or _("een bestand")

    def do_instance_save(self, instance, is_create):
        herkomst = _("import %(bestand)s") % {"bestand": self._bestand}
        reden = f"{self._reden} ({herkomst})" if self._reden else herkomst
        bewaar_object(
            obj=instance, verwachte_versie=None, gebruiker=self._gebruiker, reden=reden[:100]
        )

    def dehydrate_opgave(self, obj) -> int:
        return obj.regel.opgave.nummer


def _regelveld() -> fields.Field:
    return fields.Field(attribute="regel", column_name="begrotingsregel", widget=RegelWidget())


class BegrotingsregelResource(BegrotingResource):
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
    opgave = fields.Field(column_name="opgave", readonly=True)
    regel = _regelveld()
    bedrag = fields.Field(attribute="bedrag", column_name="bedrag", widget=BedragWidget())

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
