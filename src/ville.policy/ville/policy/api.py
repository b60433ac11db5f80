"""Public helpers of ville.policy, for the theme and other add-ons.

Every function respects the current user's permissions (catalog searches,
never unrestricted), so what the theme shows an anonymous visitor is what
that visitor may see: published, within its publication dates.

- :func:`roadwork_status` / :func:`roadwork_query` / :func:`roadworks` /
  :func:`ongoing_roadworks_count`: roadworks by status, from their dates.
- :func:`active_alerts`: the alerts to show on a page.
- :func:`quick_access_buttons`: the home page's direct-access buttons.
- :func:`minisite_root` / :func:`minisites`: the mini-sites (the CPAS).
- :func:`public_service`: a municipal service by its id.
- :func:`municipality_settings`: the identity (name, villages).
- :func:`schedule_label`: the scheduled / expired marker shown to staff.
"""

from Acquisition import aq_chain
from Acquisition import aq_inner
from DateTime import DateTime
from plone import api
from ville.policy.dates import now_local
from ville.policy.dates import to_datetime
from ville.policy.dates import today
from ville.policy.interfaces import IMiniSiteRoot

import datetime


STATUSES = ("upcoming", "ongoing", "finished")
QUICK_ACCESS_FOLDER = "acces-directs"
ONE_MINUTE = 1 / (24 * 60)  # in days, as DateTime arithmetic counts
EPOCH_GUARD = DateTime("1971/01/01 00:00 UTC")


def _now(now=None) -> DateTime:
    return DateTime(now_local(now))


def _as_date(value):
    """A date from a date, a datetime or a DateTime (in local time)."""
    if value is None:
        return None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    moment = to_datetime(value)
    return now_local(moment).date()


def roadwork_status(obj, now=None) -> str:
    """Return ``"upcoming"``, ``"ongoing"`` or ``"finished"`` for a roadwork.

    ``obj`` is a Roadwork or its catalog brain; ``now`` (a datetime, date or
    DateTime; default: the current time) is read in the portal's time zone.
    A roadwork is ongoing from its start day to its end day included; with no
    end date it stays ongoing until an end is set.
    """
    day = today(now)
    start = _as_date(getattr(obj, "start", None))
    end = _as_date(getattr(obj, "end", None))
    if start is not None and day < start:
        return "upcoming"
    if end is not None and day > end:
        return "finished"
    return "ongoing"


def roadwork_query(status: str, now=None) -> dict:
    """The catalog query (without portal_type) of roadworks in ``status``.

    Built against ``now`` at query time, so the status changes on its date
    without any re-indexing. Raises ValueError for an unknown status.
    """
    moment = _now(now)
    # Date indexes have minute resolution and inclusive ranges: "starts
    # after now" is "starts at now + 1 minute or later", and so on.
    if status == "ongoing":
        return {"ville_period": moment}
    if status == "upcoming":
        return {"start": {"query": moment + ONE_MINUTE, "range": "min"}}
    if status == "finished":
        # Plone's "end" index stores an unknown end as 0 (1970): exclude it.
        return {"end": {"query": (EPOCH_GUARD, moment - ONE_MINUTE), "range": "min:max"}}
    raise ValueError(f"unknown roadwork status {status!r} (one of {STATUSES})")


def roadworks(statuses=("ongoing", "upcoming"), village=None, now=None, **query):
    """Roadwork brains in the given statuses, soonest first.

    Ongoing and upcoming works are sorted by start date; finished ones
    (when asked) come after them, the most recently finished first.
    ``village`` filters on the village/section; extra keywords are added to
    every catalog query (e.g. ``path``).
    """
    catalog = api.portal.get_tool("portal_catalog")
    results = []
    for status in ("ongoing", "upcoming", "finished"):
        if status not in statuses:
            continue
        search = dict(query, portal_type="Roadwork", **roadwork_query(status, now))
        if village:
            search["village"] = village
        if status == "finished":
            search.update(sort_on="end", sort_order="descending")
        else:
            search.update(sort_on="start")
        results.extend(catalog(**search))
    return results


def ongoing_roadworks_count(now=None) -> int:
    """How many roadworks the current user can see are ongoing now."""
    catalog = api.portal.get_tool("portal_catalog")
    return len(catalog(portal_type="Roadwork", **roadwork_query("ongoing", now)))


def active_alerts(context, now=None) -> list:
    """The alerts to show on ``context``'s page, most severe first.

    An alert applies to the folder it is in and everything below it (an
    alert at the site root applies to the whole site). Active means
    published, within its publication dates and ``start <= now <= end`` (an
    empty end: until it is removed). Returns catalog brains with
    ``Title``, ``Description``, ``severity``, ``getURL()``.
    """
    catalog = api.portal.get_tool("portal_catalog")
    portal = api.portal.get()
    folders = []
    for item in aq_chain(aq_inner(context)):
        if hasattr(item, "getPhysicalPath"):
            folders.append("/".join(item.getPhysicalPath()))
        if item is portal or getattr(item, "portal_type", None) == "Plone Site":
            break
    brains = catalog(
        portal_type="Alert",
        review_state="published",  # editors must not see drafts as banners
        path={"query": folders, "depth": 1},
        ville_period=_now(now),
    )
    order = {"danger": 0, "warning": 1, "info": 2}
    return sorted(brains, key=lambda b: (order.get(b.severity, 3), -b.start.millis()))


def quick_access_buttons(portal, now=None) -> list:
    """The direct-access buttons of a root (the portal or a mini-site), in order.

    They are the published QuickAccess items of the root's ``acces-directs``
    folder (folder order). Returns dicts: ``title``, ``description``, ``url``,
    ``icon`` (name), ``icon_url`` (``++resource++ville.policy/icons/<icon>.svg``),
    ``express`` (bool), ``uid``.
    """
    catalog = api.portal.get_tool("portal_catalog")
    root_path = "/".join(portal.getPhysicalPath())
    site_url = api.portal.get().absolute_url()
    buttons = []
    for brain in catalog(
        portal_type="QuickAccess",
        review_state="published",
        path={"query": f"{root_path}/{QUICK_ACCESS_FOLDER}", "depth": 1},
        sort_on="getObjPositionInParent",
    ):
        obj = brain.getObject()
        buttons.append(
            {
                "title": brain.Title,
                "description": brain.Description,
                "url": quick_access_url(obj),
                "icon": obj.icon,
                "icon_url": f"{site_url}/++resource++ville.policy/icons/{obj.icon}.svg",
                "express": bool(obj.express),
                "uid": brain.UID,
            }
        )
    return buttons


def quick_access_url(obj) -> str:
    """The absolute URL a QuickAccess button leads to."""
    target = getattr(obj, "internal_target", None)
    if target is not None and not target.isBroken() and target.to_object is not None:
        return target.to_object.absolute_url()
    url = obj.remoteUrl or ""
    if url.startswith("/"):
        return api.portal.get().absolute_url() + url
    return url


def minisite_root(context):
    """The mini-site folder ``context`` is in (itself included), or None."""
    for item in aq_chain(aq_inner(context)):
        if IMiniSiteRoot.providedBy(item):
            return item
    return None


def minisites() -> list:
    """The site's mini-sites the user may see, in folder order: dicts
    ``title``, ``url``."""
    return [
        {"title": brain.Title, "url": brain.getURL()}
        for brain in api.content.find(
            object_provides=IMiniSiteRoot.__identifier__, sort_on="getObjPositionInParent"
        )
    ]


def public_service(portal, service_id: str):
    """The PublicService with id ``service_id`` the user may see, or None.

    The e-guichet links its procedures to ``etat-civil-population`` this way.
    """
    catalog = api.portal.get_tool("portal_catalog")
    for brain in catalog(portal_type="PublicService", id=service_id):
        return brain.getObject()
    return None


def municipality_settings():
    """The ``IMunicipalitySettings`` record proxy (prefix ``ville.municipality``)."""
    from plone.registry.interfaces import IRegistry
    from ville.policy.interfaces import IMunicipalitySettings
    from zope.component import getUtility

    return getUtility(IRegistry).forInterface(
        IMunicipalitySettings, prefix="ville.municipality", check=False
    )


def schedule_label(item, context=None) -> str:
    """"Publication programmée le ..." / "Expiré depuis le ..." for a brain
    or an object that is scheduled or expired, shown to staff only ("" for
    anyone else, and for an item within its dates)."""
    from ville.policy.browser.scheduled import label_for

    return label_for(item, context)
