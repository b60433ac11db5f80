"""POST <store>/@eguichet-bank-import: a bank statement (CODA or CSV),
either multipart (field ``file``) or JSON ``{"data": "<base64>"}``. Answers
what @@eguichet-bank-import shows: ``matched``, ``unmatched`` (with
``reason`` and its French ``message``), ``debits``; a file that cannot be
read gives 400 with the French message, and nothing is imported."""

from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from ville.eguichet import _
from ville.eguichet import bankmatch
from ville.eguichet import bankstatement
from ville.eguichet.bankmatch import outcome_row
from ville.eguichet.bankmatch import read_upload
from zope.i18n import translate
from zope.interface import alsoProvides

import base64
import binascii
import transaction


class BankImportPost(Service):
    def reply(self):
        alsoProvides(self.request, IDisableCSRFProtection)
        try:
            result = bankmatch.import_statement(self._data(), self.context)
        except bankstatement.BankFileError as error:
            transaction.doom()
            self.request.response.setStatus(400)
            return {"error": {"type": "InvalidBankStatement",
                              "message": translate(error.message, context=self.request)}}
        return {
            "format": result.format,
            "matched": [outcome_row(o, self.request) for o in result.matched],
            "unmatched": [outcome_row(o, self.request) for o in result.unmatched],
            "debits": result.debits,
        }

    def _data(self) -> bytes:
        if "json" not in (self.request.getHeader("Content-Type") or ""):
            return read_upload(self.request)
        body = json_body(self.request)
        text = body.get("data") if isinstance(body, dict) else None
        if not text:
            raise bankstatement.BankFileError(
                _("Choose the statement file to import."))
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise bankstatement.BankFileError(
                _("The file's content is not valid base64."))
