"""What the pages above use of rapportages, besides its models: the programme at a
glance (budget per opgave, counts) and its chart, which the dashboard shows too."""

from rapportages.samenvatting import Overzicht, budgetgrafiek, overzicht

__all__ = ["Overzicht", "budgetgrafiek", "overzicht"]
