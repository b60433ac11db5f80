"""Transfers marked paid from an imported bank statement.

A credit whose structured communication belongs to an unpaid request of the
agent's procedures, for exactly its fee, marks the request paid through
:func:`ville.eguichet.engine.mark_paid`, the agents' "mark paid", with the
source ``bank_statement`` and the movement's bank reference. Every other
credit is listed with its reason; debits (the town's own payments) are only
counted. Each movement used is remembered (portal annotation, a BTree of
movement keys): importing the same statement again marks nothing again and
lists those movements as already imported.

All or nothing: the file is read whole before anything is written, and the
caller's transaction holds every change of one import.
"""

from BTrees.OOBTree import OOBTree
from dataclasses import dataclass
from dataclasses import field
from plone import api
from ville.eguichet import _
from ville.eguichet import bankstatement
from ville.eguichet import engine
from ville.eguichet.documents.fees import format_amount
from ville.eguichet.documents.fees import format_communication
from ville.eguichet.documents.handlers import communications_registry
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate


MOVEMENTS_KEY = "ville.eguichet.bank_movements"
SOURCE = "bank_statement"

REASONS = {
    "currency": _("Not in euros."),
    "free_text": _("Free communication, not a structured one."),
    "free_text_hint": _(
        "Free communication, not a structured one; it contains ${communications}: "
        "check it and mark the request paid by hand."
    ),
    "invalid_checksum": _("Structured communication with a wrong check (modulo 97)."),
    "already_imported": _("Movement already imported (request ${reference})."),
    "unknown": _("No request has this structured communication."),
    "not_allowed": _("The request belongs to a procedure you do not process."),
    "no_fee": _("The request has no fee."),
    "closed": _("The request was rejected or cancelled: refund the payer."),
    "already_paid": _("The request ${reference} is already paid."),
    "amount_mismatch": _("Amount ${amount} where the fee is ${fee}."),
}


@dataclass
class Outcome:
    """A credit of the statement: ``reason`` None when it marked ``request``
    paid, else a key of :data:`REASONS` (``mapping`` fills its message)."""

    movement: bankstatement.Movement
    reason: str | None = None
    request: object = None
    mapping: dict = field(default_factory=dict)

    @property
    def matched(self) -> bool:
        return self.reason is None

    def message(self):
        return _(REASONS[self.reason], mapping=self.mapping) if self.reason else None


@dataclass
class ImportResult:
    format: str
    outcomes: list
    debits: int

    @property
    def matched(self) -> list:
        return [o for o in self.outcomes if o.matched]

    @property
    def unmatched(self) -> list:
        return [o for o in self.outcomes if not o.matched]


def imported_movements(portal=None, create=True):
    """movement key -> {"reference", "time", "actor"}: the movements that
    marked a request paid."""
    portal = portal if portal is not None else api.portal.get()
    annotations = IAnnotations(portal)
    movements = annotations.get(MOVEMENTS_KEY)
    if movements is None and create:
        movements = annotations[MOVEMENTS_KEY] = OOBTree()
    return movements


def import_statement(data: bytes, store=None) -> ImportResult:
    """Read ``data`` (CODA or CSV) and mark paid what matches. Raises
    :class:`bankstatement.BankFileError` (nothing written) for a file that
    cannot be read."""
    statement = bankstatement.read(data)
    store = store if store is not None else engine.get_store()
    outcomes, debits = [], 0
    for movement in statement.movements:
        if movement.amount <= 0:
            debits += 1
            continue
        outcome = match(movement, store)
        if outcome.matched:
            record(outcome)
        outcomes.append(outcome)
    return ImportResult(statement.format, outcomes, debits)


def match(movement, store) -> Outcome:
    """What a credit is: the unpaid request it pays, or why none."""
    if movement.currency != "EUR":
        return Outcome(movement, "currency")
    if not movement.structured:
        found = bankstatement.communications_in(movement.communication)
        if found:
            return Outcome(movement, "free_text_hint", mapping={
                "communications": ", ".join(format_communication(d) for d in found)})
        return Outcome(movement, "free_text")
    if not bankstatement.valid_communication(movement.communication):
        return Outcome(movement, "invalid_checksum")
    previous = imported_movements(create=False)
    if previous is not None and movement.key in previous:
        return Outcome(movement, "already_imported",
                       mapping={"reference": previous[movement.key]["reference"]})
    request = find_request(movement.communication, store)
    if request is None:
        return Outcome(movement, "unknown")
    mapping = {"reference": request.reference}
    if not engine.is_agent(request):
        return Outcome(movement, "not_allowed")
    if request.fee is None:
        return Outcome(movement, "no_fee", request, mapping)
    if api.content.get_state(obj=request, default=None) in ("rejected", "cancelled"):
        return Outcome(movement, "closed", request, mapping)
    if request.paid:
        return Outcome(movement, "already_paid", request, mapping)
    if movement.amount != request.fee:
        return Outcome(movement, "amount_mismatch", request, {
            "amount": format_amount(movement.amount), "fee": format_amount(request.fee)})
    return Outcome(movement, None, request, mapping)


def find_request(digits: str, store):
    """The request given this structured communication, or None."""
    registry = communications_registry(create=False)
    if registry is None or store is None:
        return None
    reference = registry.get(format_communication(digits))
    if reference is None or reference not in store:
        return None
    return store[reference]


def record(outcome: Outcome) -> None:
    """Mark the request paid, the agents' way, and remember the movement."""
    movement = outcome.movement
    engine.mark_paid(
        outcome.request, True, source=SOURCE,
        bank_reference=movement.bank_reference or movement.key,
    )
    imported_movements()[movement.key] = {
        "reference": outcome.request.reference,
        "time": engine.now(),
        "actor": api.user.get_current().getId(),
    }


def outcome_row(outcome, http_request) -> dict:
    """One credit of the statement as the page and the REST answer show it."""
    movement = outcome.movement
    request = outcome.request
    communication = movement.communication
    if movement.structured and len(communication) == 12 and communication.isdigit():
        communication = format_communication(communication)
    message = outcome.message()
    return {
        "line": movement.line,
        "date": movement.date.strftime("%d/%m/%Y") if movement.date else "",
        "amount": format_amount(movement.amount),
        "communication": communication,
        "structured": movement.structured,
        "counterparty": movement.counterparty,
        "bank_reference": movement.bank_reference,
        "reason": outcome.reason,
        "message": translate(message, context=http_request) if message else "",
        # The request only where the agent may open it.
        "reference": request.reference if request is not None else None,
        "url": request.absolute_url() if request is not None else None,
    }


def read_upload(http_request, name="file") -> bytes:
    upload = http_request.form.get(name)
    if not getattr(upload, "filename", None):
        raise bankstatement.BankFileError(_("Choose the statement file to import."))
    return upload.read(bankstatement.MAX_SIZE + 1)
