"""The "Municipality look" control panel (settings of ville.theme)."""

from plone.app.registry.browser import controlpanel
from plone.formwidget.namedfile.widget import NamedImageFieldWidget
from ville.theme import _
from ville.theme.interfaces import IThemeSettings
from ville.theme.municipality import SETTINGS_PREFIX


class ThemeSettingsForm(controlpanel.RegistryEditForm):
    schema = IThemeSettings
    schema_prefix = SETTINGS_PREFIX
    label = _("Municipality look")
    description = _(
        "Colours, hero image, tagline, contact, opening hours and links of the "
        "public site. The logo is in the site settings."
    )

    def updateFields(self):
        super().updateFields()
        self.fields["hero_image"].widgetFactory = NamedImageFieldWidget


class ThemeSettingsControlPanel(controlpanel.ControlPanelFormWrapper):
    form = ThemeSettingsForm
