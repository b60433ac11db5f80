"""An eID login without an e-mail address (the provider gave no ``mail``
claim): the citizen gives one and confirms it through a link sent there,
as a self-registered account confirms its address; until then the account
has none (and no mail is sent to it)."""

from plone import api
from plone.protect import CheckAuthenticator
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from urllib.parse import urlencode
from ville.eguichet import _
from ville.eguichet import identity
from ville.eguichet.documents.rules import check_email
from ville.eguichet.mail import queue_mail
from zope.i18n import translate
from zope.interface import alsoProvides

import base64
import hashlib
import hmac
import time


TOKEN_SECONDS = 2 * 24 * 3600
VIEW = "@@eguichet-eid-email"


def _signature(payload: bytes) -> str:
    return hmac.new(identity.secret(), b"email|" + payload, hashlib.sha256).hexdigest()


def make_token(user_id: str, email: str, until=None) -> str:
    until = int(until or time.time() + TOKEN_SECONDS)
    payload = base64.urlsafe_b64encode(f"{user_id}|{email}|{until}".encode())
    return f"{payload.decode()}.{_signature(payload)}"


def read_token(token: str):
    """(user id, e-mail) of a valid, unexpired token, else None."""
    payload, _dot, signature = str(token or "").rpartition(".")
    if not payload or not hmac.compare_digest(signature, _signature(payload.encode())):
        return None
    try:
        user_id, email, until = base64.urlsafe_b64decode(payload).decode().rsplit("|", 2)
        if int(until) < time.time():
            return None
    except ValueError:
        return None
    return user_id, email


def needs_email(user_id) -> bool:
    user = api.user.get(userid=user_id)
    return user is not None and not user.getProperty("email")


def email_url(came_from: str) -> str:
    return f"{api.portal.get().absolute_url()}/{VIEW}?{urlencode({'came_from': came_from})}"


class EmailView(BrowserView):
    """``@@eguichet-eid-email``: give an address, then confirm it."""

    index = ViewPageTemplateFile("templates/eid_email.pt")
    error = ""
    sent = False

    def __call__(self):
        member = api.user.get_current()
        form = self.request.form
        if form.get("token"):
            found = read_token(form["token"])
            if found is None or found[0] != member.getId():
                self.error = translate(_("eid_email_bad_link", default="This "
                                         "confirmation link is not valid or has "
                                         "expired."), context=self.request)
                return self.index()
            # The signed link is this write's CSRF token (a GET from a mail).
            alsoProvides(self.request, IDisableCSRFProtection)
            member.setMemberProperties({"email": found[1]})
            api.portal.show_message(
                translate(_("eid_email_confirmed", default="Your e-mail address is "
                            "confirmed."), context=self.request),
                request=self.request,
            )
            return self.request.response.redirect(api.portal.get().absolute_url())
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            email = str(form.get("email") or "").strip()
            problem = check_email(email)
            if problem is not None:
                self.error = translate(problem, context=self.request)
                return self.index()
            link = (f"{api.portal.get().absolute_url()}/{VIEW}?"
                    f"{urlencode({'token': make_token(member.getId(), email)})}")
            body = translate(_("eid_email_body", default="Hello,\n\nTo confirm the "
                               "e-mail address of your account, open this link "
                               "(valid two days):\n${link}\n",
                               mapping={"link": link}), context=self.request)
            subject = translate(_("eid_email_subject", default="Confirm your e-mail "
                                  "address"), context=self.request)
            self.sent = queue_mail(email, subject, body, reference="eid-email")
        return self.index()
