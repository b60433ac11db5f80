"""Fees and Belgian structured communications (``+++DDD/DDDD/DDDCC+++``)."""

from decimal import Decimal
from hashlib import sha256
from stdnum.be import ogm_vcs
from ville.eguichet.documents.rules import purposes_of


def fee_for(config, values) -> Decimal:
    """The amount due for a submission: the purpose's unit fee (from the
    municipality profile) times the number of copies. Zero when free or when
    the purpose is unknown (the validator refuses those)."""
    for purpose in purposes_of(config, values):
        if purpose["id"] == values.get("purpose"):
            unit = Decimal(str(purpose.get("fee", 0)))
            break
    else:
        return Decimal("0.00")
    try:
        copies = max(int(values.get("copies") or 1), 1)
    except (TypeError, ValueError):
        copies = 1
    return (unit * copies).quantize(Decimal("0.01"))


def structured_communication(reference: str, attempt: int = 0) -> str:
    """A structured communication derived from the request's unique reference.

    The ten base digits come from a hash of the reference (no shared counter
    that every submission would write); ``attempt`` gives another candidate
    when the first one is already taken by another request.
    """
    digest = sha256(f"{reference}#{attempt}".encode()).hexdigest()
    base = "%010d" % (int(digest, 16) % 10**10)
    if int(base) == 0:
        base = "0000000001"
    return format_communication(base + ogm_vcs.calc_check_digits(base))


def format_communication(number: str) -> str:
    """``+++123/4567/89002+++`` from the twelve digits."""
    return f"+++{ogm_vcs.format(number)}+++"


def is_valid_communication(text: str) -> bool:
    return ogm_vcs.is_valid(str(text).replace("+", ""))


def format_amount(amount, symbol: bool = True) -> str:
    """``12,50 €`` as written in Belgium (``12,50`` without ``symbol``).
    The one formatter of amounts: pages, exports, mails and texts."""
    text = f"{Decimal(amount):.2f}".replace(".", ",")
    return f"{text} €" if symbol else text
