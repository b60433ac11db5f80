"""Events fired by the request engine (see :mod:`ville.eguichet.api`)."""

from ville.eguichet.interfaces import IRequestCreatedEvent
from ville.eguichet.interfaces import IRequestSubmittedEvent
from ville.eguichet.interfaces import IRequestTransitionEvent
from zope.interface import implementer
from zope.interface.interfaces import ObjectEvent


@implementer(IRequestCreatedEvent)
class RequestCreatedEvent(ObjectEvent):
    def __init__(self, request, form):
        super().__init__(request)
        self.form = form

    @property
    def request(self):
        return self.object


@implementer(IRequestSubmittedEvent)
class RequestSubmittedEvent(ObjectEvent):
    def __init__(self, request, form, fields, action, http_request):
        super().__init__(request)
        self.form = form
        self.fields = fields
        self.action = action
        self.http_request = http_request

    @property
    def request(self):
        return self.object


@implementer(IRequestTransitionEvent)
class RequestTransitionEvent(ObjectEvent):
    def __init__(
        self, request, transition, old_state, new_state, comment, actor, public=False
    ):
        super().__init__(request)
        self.transition = transition
        self.old_state = old_state
        self.new_state = new_state
        self.comment = comment
        self.actor = actor
        self.public = public

    @property
    def request(self):
        return self.object
