"""@@eguichet-bank-import on the store: an agent uploads a bank statement
(CODA or CSV); transfers whose structured communication and amount match an
unpaid request are marked paid (:mod:`ville.eguichet.bankmatch`), the rest is
listed with the reason."""

from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from ville.eguichet import _
from ville.eguichet import bankmatch
from ville.eguichet import bankstatement
from zExceptions import BadRequest
from zope.i18n import translate

import transaction


FORMATS = {"coda": "CODA", "csv": "CSV"}


class BankImportView(BrowserView):
    """GET: the upload form; POST: import and show what matched."""

    result = None
    error = None

    def __call__(self):
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            try:
                data = bankmatch.read_upload(self.request)
                self.result = bankmatch.import_statement(data, self.context)
            except bankstatement.BankFileError as error:
                # Nothing of a broken file is kept.
                transaction.doom()
                self.error = translate(error.message, context=self.request)
                self.request.response.setStatus(400)
        elif self.request.method not in ("GET", "HEAD"):
            raise BadRequest("GET or POST")
        self.request.response.setHeader("Cache-Control", "private, no-store")
        return self.index()

    def dashboard_url(self):
        return f"{self.context.absolute_url()}/@@eguichet-dashboard"

    def format_title(self):
        return FORMATS.get(self.result.format, self.result.format) if self.result else ""

    def matched(self):
        return [bankmatch.outcome_row(o, self.request) for o in self.result.matched]

    def unmatched(self):
        return [bankmatch.outcome_row(o, self.request) for o in self.result.unmatched]

    def summary(self):
        return _(
            "${matched} transfer(s) marked paid, ${unmatched} credit(s) not matched, "
            "${debits} debit(s) ignored.",
            mapping={"matched": len(self.result.matched),
                     "unmatched": len(self.result.unmatched),
                     "debits": self.result.debits},
        )
