"""The "Commerces" control panel: the shop categories (registry)."""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.z3cform import layout
from ville.policy import _
from ville.policy.interfaces import IShopSettings
from ville.policy.vocabularies import parse_categories
from z3c.form import button
from z3c.form.interfaces import WidgetActionExecutionError
from zope.interface import Invalid


class ShopSettingsForm(RegistryEditForm):
    schema = IShopSettings
    schema_prefix = "ville.policy"
    label = _("Commercial directory")
    description = _(
        "The categories of the commercial directory, one per line as "
        "'identifier|Label'."
    )

    @button.buttonAndHandler(_("Save"), name="save")
    def handleSave(self, action):
        data, errors = self.extractData()
        if errors:
            self.status = self.formErrorsMessage
            return
        lines = data.get("shop_categories") or []
        if not parse_categories(lines):
            raise WidgetActionExecutionError(
                "shop_categories", Invalid(_("Give at least one category."))
            )
        super().handleSave(self, action)

    @button.buttonAndHandler(_("Cancel"), name="cancel")
    def handleCancel(self, action):
        super().handleCancel(self, action)


ShopSettingsView = layout.wrap_form(ShopSettingsForm, ControlPanelFormWrapper)
