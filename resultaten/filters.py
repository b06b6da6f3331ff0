from opgaven.filters import ProgrammaFilterSet
from resultaten.models import Resultaat


class ResultaatFilter(ProgrammaFilterSet):
    class Meta:
        model = Resultaat
        fields = ("opgave", "partner", "tekst")
