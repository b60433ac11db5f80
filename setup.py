"""The site project: the three add-ons assembled into a municipality's site,
with the scripts that configure the instance and create the site."""

from setuptools import setup


setup(
    name="ville-site",
    version="1.0.0",
    description="A Walloon municipality's Plone 6.2 site and e-guichet",
    packages=["ville_site"],
    python_requires=">=3.11",
    install_requires=[
        "Products.CMFPlone",
        "plone.classicui",
        "plone.restapi",
        "plone.app.contenttypes",
        "collective.easyform",
        "ville.core",
        "ville.policy",
        "ville.theme",
        "ville.eguichet",
        "PyYAML",
        "waitress",
        "Paste",
    ],
    extras_require={"test": ["plone.app.testing", "zope.testrunner", "WebTest"]},
    entry_points={
        "console_scripts": [
            "ville-site-setup = ville_site.site:main",
        ],
    },
)
