"""The procedure pages as the e-guichet completes them: ville.policy's
answer to ``ville.eguichet.documents.interfaces.IProcedurePages``.

Registered in configure.zcml only when ville.eguichet is installed (the
e-guichet declares the interface; neither add-on imports the other): this
module imports nothing of the e-guichet.
"""

from plone import api
from plone.browserlayer.utils import registered_layers
from ville.policy import api as ville_api
from ville.policy.interfaces import IBrowserLayer


class ProcedurePages:
    """A stateless utility over the ``Procedure`` and ``PublicService`` types."""

    def available(self) -> bool:
        return IBrowserLayer in registered_layers()

    def desk(self, service_id):
        return ville_api.public_service(api.portal.get(), service_id)

    def find(self, ids, title):
        for brain in api.content.find(portal_type="Procedure"):
            if brain.getId in ids or brain.Title == title:
                return brain.getObject()
        return None

    def create(self, container, id, title, category):
        return api.content.create(
            container=container, type="Procedure", id=id, title=title,
            category=category,
        )


procedure_pages = ProcedurePages()
