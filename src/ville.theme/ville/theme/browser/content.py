"""Page templates of ville.policy's content types (registered only when
ville.policy is importable, see configure.zcml)."""

from plone import api
from plone.dexterity.browser.view import DefaultView
from ville.theme import _
from ville.theme import dates
from ville.theme.browser import settings
from ville.theme.browser import policy
from ville.theme.look import is_open


def format_date(context, request, value):
    """A date (or datetime) as the site's language writes it, in the town's zone."""
    if not value:
        return ""
    return dates.localized(value, long_format=False, context=context, request=request)


def related(obj, name):
    """The object a RelationChoice field points to, if it still exists and
    the current user may see it."""
    relation = getattr(obj, name, None)
    if relation is None or relation.isBroken():
        return None
    target = relation.to_object
    if target is None or not api.user.has_permission("View", obj=target):
        return None
    return target


def osm_url(latitude, longitude):
    """A link (not an embedded map: nothing loaded from elsewhere)."""
    if latitude is None or longitude is None:
        return ""
    return (
        f"https://www.openstreetmap.org/?mlat={latitude:.6f}&mlon={longitude:.6f}"
        f"#map=17/{latitude:.6f}/{longitude:.6f}"
    )


def image_url(obj, field="image", scale="large"):
    if getattr(obj, field, None):
        return f"{obj.absolute_url()}/@@images/{field}/{scale}"
    return ""


def address(obj):
    parts = [getattr(obj, "street", "") or ""]
    city = " ".join(
        p for p in (getattr(obj, "postal_code", ""), getattr(obj, "city", "")) if p
    )
    return ", ".join(p for p in parts + [city] if p)


class _View(DefaultView):
    """The base of these types' pages: their templates show the fields
    themselves (``context/...`` and this view's methods), never the display
    widgets of Dexterity's default view, so a page view does not build them
    (a z3c.form display form of every field and fieldset: most of what the
    page cost over a news item's). ``update()`` still builds them for who
    asks for them (the ``++widget++`` traverser)."""

    def __call__(self):
        return self.render()

    def date(self, value):
        return format_date(self.context, self.request, value)

    def vocabulary(self, name, value):
        return policy.vocabulary_title(self.context, name, value)

    def text(self, name):
        """A plain-text field as a list of lines (for <br />-free rendering)."""
        value = getattr(self.context, name, None) or ""
        return [line for line in value.splitlines() if line.strip()]


class PublicServiceView(_View):
    def address(self):
        return address(self.context)

    def hours(self):
        return settings.opening_hours_rows(self.context.opening_hours or {})

    def has_hours(self):
        return any((self.context.opening_hours or {}).values())

    def is_open(self):
        """Open now, in Europe/Brussels time; None when hours are unknown."""
        return is_open(self.context.opening_hours or {})


class ProcedureView(_View):
    def category(self):
        return self.vocabulary("ville.policy.procedure_categories", self.context.category)

    def service(self):
        target = related(self.context, "service")
        if target is None:
            return None
        hours = getattr(target, "opening_hours", None) or {}
        return {
            "title": target.Title(),
            "url": target.absolute_url(),
            "address": address(target),
            "phone": getattr(target, "phone", "") or "",
            "email": getattr(target, "email", "") or "",
            "hours": settings.opening_hours_rows(hours) if any(hours.values()) else [],
            "is_open": is_open(hours),
        }

    def online_url(self):
        target = related(self.context, "online_form")
        return target.absolute_url() if target is not None else ""


ROADWORK_STATUS = {
    "upcoming": _("Upcoming"),
    "ongoing": _("Ongoing"),
    "finished": _("Finished"),
}


class RoadworkView(_View):
    def status(self):
        provider = policy.site_content()
        value = provider.roadwork_status(self.context) if provider is not None else None
        if value not in ROADWORK_STATUS:
            return None
        return {"id": value, "title": ROADWORK_STATUS[value]}

    def impact(self):
        return self.vocabulary("ville.policy.roadwork_impacts", self.context.impact)

    def operator(self):
        return self.vocabulary("ville.policy.roadwork_operators", self.context.operator)

    def map_url(self):
        return osm_url(self.context.latitude, self.context.longitude)

    def image(self):
        return image_url(self.context)


class ShopView(_View):
    def category(self):
        return self.vocabulary("ville.policy.shop_categories", self.context.category)

    def address(self):
        return address(self.context)

    def map_url(self):
        return osm_url(self.context.latitude, self.context.longitude)

    def logo(self):
        return image_url(self.context, "logo", "thumb")

    def image(self):
        return image_url(self.context)


class CommercialPremisesView(_View):
    def address(self):
        return address(self.context)

    def kind(self):
        return self.vocabulary("ville.policy.premises_kinds", self.context.kind)

    def availability(self):
        return self.vocabulary(
            "ville.policy.premises_availability", self.context.availability
        )

    def photos(self):
        """The images inside the premises (and its own image field, if any)."""
        photos = []
        own = image_url(self.context)
        if own:
            photos.append({"url": own, "alt": ""})
        for brain in api.content.find(
            context=self.context, depth=1, portal_type="Image",
            sort_on="getObjPositionInParent",
        ):
            photos.append(
                {"url": f"{brain.getURL()}/@@images/image/large", "alt": brain.Title}
            )
        return photos

    def money(self, value):
        if value is None:
            return ""
        return f"{value:,}".replace(",", "\u202f") + "\u00a0€"


class AlertView(_View):
    """An alert's own page ("En savoir plus" of the banner): what, how
    serious, when and where it shows, instead of a list of raw fields."""

    def severity(self):
        return {
            "id": self.context.severity or "info",
            "title": self.vocabulary("ville.policy.alert_severities", self.context.severity),
        }

    def period(self):
        return {
            "start": format_datetime(self.context, self.request, self.context.start),
            "end": format_datetime(self.context, self.request, self.context.end),
        }

    def scope(self):
        """The section whose pages show the alert (None: the whole site)."""
        from Acquisition import aq_inner
        from Acquisition import aq_parent

        parent = aq_parent(aq_inner(self.context))
        if parent is None or parent == api.portal.get():
            return None
        return {"title": parent.Title(), "url": parent.absolute_url()}


def format_datetime(context, request, value):
    if not value:
        return ""
    return dates.localized(value, long_format=True, context=context, request=request)
