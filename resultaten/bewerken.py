from opgaven.onderdelen import Onderdeel
from resultaten.forms import ResultaatFormulier
from resultaten.models import Resultaat

RESULTAAT = Onderdeel(Resultaat, ResultaatFormulier, "resultaat", "resultaten", "resultaten")

urlpatterns = RESULTAAT.urls()
