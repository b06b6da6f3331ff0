from opgaven.views import ProgrammaLijst
from resultaten.filters import ResultaatFilter
from resultaten.models import Resultaat, ResultaatQuerySet
from resultaten.tables import ResultatenTabel


class ResultatenLijst(ProgrammaLijst):
    table_class = ResultatenTabel
    filterset_class = ResultaatFilter
    template_name = "resultaten/lijst.html"
    export_name = "resultaten"

    def get_queryset(self) -> ResultaatQuerySet:
        return (
            Resultaat.objects.van_programma(self.programma)
            .in_documentvolgorde()
            .select_related("opgave")
        )
