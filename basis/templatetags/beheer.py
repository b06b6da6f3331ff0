"""Tags for the admin's own pages (templates/admin/koers)."""

from django import forms, template
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from basis.beheer import redenveld

register = template.Library()


@register.simple_tag
def reden_invoer() -> SafeString:
    """The reason field of a confirmation page: the admin forms' own field (basis.beheer.
    redenveld), so its limit and help text are defined once."""
    formulier = forms.Form(label_suffix="")
    formulier.required_css_class = "required"  # the admin's bold label
    formulier.fields["reden"] = redenveld(_("Reden"))
    return formulier["reden"].as_field_group()
