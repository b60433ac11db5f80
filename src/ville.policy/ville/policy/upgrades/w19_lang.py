"""The site's language holds whatever the browser asks (issue 19): every
kind of language negotiation off (``registry/language.xml``)."""

from plone import api


PROFILE = "profile-ville.policy:default"


def upgrade(context):
    setup = api.portal.get_tool("portal_setup")
    setup.runImportStepFromProfile(PROFILE, "plone.app.registry", run_dependencies=False)
