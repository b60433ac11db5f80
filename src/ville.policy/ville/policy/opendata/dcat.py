"""``<site>/dcat.jsonld``: the DCAT-AP catalogue of the town's feeds, in
JSON-LD with an inline context (a harvester needs no other request to
expand it). Vocabulary of DCAT-AP 2 / DCAT-AP-BE: catalogue, datasets and
distributions, the municipality as publisher (foaf:Agent), the EU
authority tables for themes, frequencies, file types and language."""

from plone import api
from ville.policy import api as ville_api
from ville.policy.opendata.datasets import EU
from ville.policy.opendata.datasets import landing_url
from ville.policy.opendata.datasets import licence
from ville.policy.opendata.datasets import published_datasets
from ville.policy.opendata.feed import FeedView

import json


CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
LANGUAGES = {"fr": "FRA", "nl": "NLD", "de": "DEU"}


def ref(uri):
    return {"@id": uri}


class CatalogueView(FeedView):
    media_type = "application/ld+json; charset=utf-8"
    filename = "dcat.jsonld"

    def text(self, value):
        return {"@value": self.translate(value) if value else "", "@language": self.lang}

    def render(self):
        return json.dumps(self.catalogue(), ensure_ascii=False, indent=1)

    def catalogue(self):
        portal = api.portal.get()
        site_url = portal.absolute_url()
        self.lang = api.portal.get_registry_record(
            "plone.default_language", default="fr") or "fr"
        settings = ville_api.municipality_settings()
        name = settings.name or portal.Title()
        publisher = {
            "@id": f"{site_url}#publisher",
            "@type": "foaf:Agent",
            "foaf:name": name,
            "foaf:homepage": ref(site_url),
            "dct:type": ref("http://purl.org/adms/publishertype/LocalAuthority"),
        }
        contact = {"@type": "vcard:Organization", "vcard:fn": name}
        # The site's mail address (its contact e-mail lives in ville.theme's
        # records, which the policy does not read).
        email = api.portal.get_registry_record("plone.email_from_address", default="")
        if email:
            contact["vcard:hasEmail"] = ref(f"mailto:{email}")
        licence_url, licence_title = licence()
        licence_doc = {
            "@id": licence_url, "@type": "dct:LicenseDocument",
            "dct:title": licence_title,
        }
        language = ref(f"{EU}/language/{LANGUAGES.get(self.lang[:2], 'FRA')}")
        datasets = []
        for dataset, folder in published_datasets():
            base = folder.absolute_url()
            landing = landing_url(dataset, folder)
            distributions = []
            for dist in dataset.distributions:
                url = f"{base}/{dist.view}"
                item = {
                    "@id": url,
                    "@type": "dcat:Distribution",
                    "dct:title": f"{self.translate(dataset.title)} ({dist.label})",
                    "dcat:accessURL": ref(url),
                    "dcat:downloadURL": ref(url),
                    "dcat:mediaType": ref(dist.media_type_uri),
                    "dct:license": ref(licence_url),
                }
                if dist.file_type_uri:
                    item["dct:format"] = ref(dist.file_type_uri)
                distributions.append(item)
            datasets.append({
                "@id": f"{site_url}/dcat.jsonld#{dataset.id}",
                "@type": "dcat:Dataset",
                "dct:identifier": f"{site_url}/dcat.jsonld#{dataset.id}",
                "dct:title": self.text(dataset.title),
                "dct:description": self.text(dataset.description),
                "dcat:keyword": [
                    {"@value": k, "@language": self.lang} for k in dataset.keywords],
                "dcat:theme": ref(f"{EU}/data-theme/{dataset.theme}"),
                "dct:accrualPeriodicity": ref(f"{EU}/frequency/{dataset.frequency}"),
                "dct:language": language,
                "dct:publisher": ref(publisher["@id"]),
                "dcat:contactPoint": contact,
                "dcat:landingPage": ref(landing),
                "dcat:distribution": distributions,
            })
        return {
            "@context": CONTEXT,
            "@graph": [
                {
                    "@id": f"{site_url}/dcat.jsonld",
                    "@type": "dcat:Catalog",
                    "dct:title": {"@value": name, "@language": self.lang},
                    "dct:description": {
                        "@value": portal.Description() or name, "@language": self.lang},
                    "dct:publisher": ref(publisher["@id"]),
                    "dct:language": language,
                    "dct:license": licence_doc,
                    "foaf:homepage": ref(site_url),
                    "dcat:dataset": [ref(d["@id"]) for d in datasets],
                },
                publisher,
                *datasets,
            ],
        }
