from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from ville.eguichet import _
from ville.eguichet.interfaces import IEGuichetSettings


class SettingsForm(RegistryEditForm):
    schema = IEGuichetSettings
    schema_prefix = "ville.eguichet"
    label = _("E-guichet settings")
    description = _(
        "Leave an e-mail template empty to use the built-in, translated text. "
        "Templates may use ${reference}, ${procedure}, ${name}, ${url}, "
        "${summary} (receipt), ${payment}, ${fee}, ${iban}, ${communication}, "
        "${state} and ${comment} (status change), ${agent_url} (agents)."
    )


class SettingsView(ControlPanelFormWrapper):
    form = SettingsForm
