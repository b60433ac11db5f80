"""A content's ``layout`` over REST needs what the HTML view selector needs.

plone.restapi's deserializer calls ``setLayout`` unrestricted: anyone who may
edit an item could switch its view (``Modify view template`` guards it in
the HTML UI, and mini-sites keep it for the site managers).
"""

from AccessControl import Unauthorized
from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.deserializer import json_body
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from ville.policy.interfaces import IBrowserLayer
from zope.component import adapter
from zope.interface import implementer


@implementer(IDeserializeFromJson)
@adapter(IDexterityContent, IBrowserLayer)
class LayoutCheckingDeserializer(DeserializeFromJson):
    def __call__(self, validate_all=False, data=None, create=False, **kwargs):
        if data is None:
            data = json_body(self.request)
        if "layout" in data and not self.sm.checkPermission(
            "Modify view template", self.context
        ):
            raise Unauthorized("You may not change the view of this item.")
        return super().__call__(
            validate_all=validate_all, data=data, create=create, **kwargs
        )
