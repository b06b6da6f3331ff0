"""Admin pieces every app's ModelAdmins share."""

from django.contrib.admin.widgets import AutocompleteSelect


class VeiligeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget re-renders a posted value with a query; a value
    that is not a valid key (' ', '999…9') would make that query fail with a 500
    instead of showing the form error. Only valid keys are looked up."""

    def optgroups(self, name, value, attr=None):
        geldig = [v for v in value if str(v).isascii() and str(v).isdigit() and int(v) < 2**63]
        return super().optgroups(name, geldig, attr)


class VeiligAutocomplete:
    """Mixin for ModelAdmins and inlines that use autocomplete_fields."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = VeiligeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
