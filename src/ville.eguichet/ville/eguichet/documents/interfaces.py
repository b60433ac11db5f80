"""What the e-guichet asks of the add-on that owns the site's procedure
pages (ville.policy's ``Procedure`` and ``PublicService``).

The e-guichet declares the interface; the owner registers a utility
providing it (ville.policy does, under ``zcml:condition="installed
ville.eguichet"``). :mod:`ville.eguichet.documents.setup` looks it up with
``queryUtility(IProcedurePages)`` and, when there is none or when
``available()`` is false, creates the forms without pages: no type name of
another add-on is written here.
"""

from zope.interface import Interface


class IProcedurePages(Interface):
    """Pages that explain a procedure to citizens, and the municipal desk
    that delivers the documents.

    A procedure page has the text attributes ``description``, ``category``
    (``register_extract``, ``certificate``, ...), ``who``, ``documents``,
    ``cost`` and ``delay``, and the relations ``online_form`` (the form) and
    ``service`` (the desk), set with z3c.relationfield's ``RelationValue``.
    """

    def available():
        """Whether the add-on behind this utility is installed on the
        current site (its profile applied)."""

    def desk(service_id):
        """The municipal service page with id ``service_id`` (the desk of
        the civil-status documents), or None. Its ``opening_hours`` maps
        weekdays (``monday`` ... ``sunday``) to text."""

    def find(ids, title):
        """The procedure page with one of ``ids`` or with ``title``, or
        None."""

    def create(container, id, title, category):
        """A new procedure page in ``container``."""
