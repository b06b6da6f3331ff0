from django import forms
from django.utils.translation import gettext_lazy as _

from koers.forms import BedragField
from opgaven.forms import VersieFormulier
from opgaven.models import Opgave
from resultaten.models import Resultaat


class ResultaatFormulier(VersieFormulier):
    streefwaarde = BedragField(
        label=_("Streefwaarde"),
        required=False,
        min_value=0,
        help_text=_("Bijvoorbeeld 550. Laat leeg voor een resultaat zonder getal."),
    )

    class Meta:
        model = Resultaat
        fields = ["omschrijving", "streefwaarde", "eenheid", "streefperiode"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"eenheid": _("Bijvoorbeeld IBDO-trajecten.")}

    def __init__(self, *args, opgave: Opgave, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.opgave = opgave
        self.fields["streefperiode"].choices = [
            ("", _("(geen streefdoel)")),
            *self.fields["streefperiode"].choices[1:],
        ]

    def clean(self):
        gegevens = super().clean()
        waarde = gegevens.get("streefwaarde")
        eenheid = (gegevens.get("eenheid") or "").strip()
        periode = gegevens.get("streefperiode")
        if waarde is not None:
            if not eenheid:
                self.add_error("eenheid", _("Vul de eenheid van de streefwaarde in."))
            if not periode:
                self.add_error(
                    "streefperiode", _("Kies of de streefwaarde per jaar of voor de periode geldt.")
                )
        elif eenheid or periode:
            self.add_error(
                "streefwaarde", _("Vul een streefwaarde in, of maak eenheid en periode leeg.")
            )
        return gegevens
