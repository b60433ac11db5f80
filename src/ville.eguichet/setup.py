from setuptools import find_namespace_packages
from setuptools import setup


setup(
    name="ville.eguichet",
    version="1.1.0.dev0",
    description="E-guichet: collective.easyform submissions become tracked requests, with Belgian civil-status documents",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    classifiers=[
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Framework :: Plone :: Addon",
        "Programming Language :: Python",
        "Programming Language :: Python :: 3 :: Only",
        "Programming Language :: Python :: 3.11",
        "Environment :: Web Environment",
        "Operating System :: OS Independent",
        "Development Status :: 5 - Production/Stable",
    ],
    license="GPL-2.0-only",
    packages=find_namespace_packages(include=["ville", "ville.*"]),
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.11",
    install_requires=[
        "ville.core",
        "Products.CMFPlone",
        "plone.api",
        "plone.restapi",
        "plone.app.dexterity",
        "pydantic",
        "openpyxl",
        "phonenumbers",
        "python-stdnum",
        "collective.easyform",
        "z3c.caching",
        "Authlib",
        "requests",
        "fpdf2",
        "segno",
        "febelfin-coda",
        "mollie-api-python",
    ],
    extras_require={
        "test": [
            "ville.testing",
            "plone.app.testing",
            "plone.testing",
            "zope.testrunner",
            "WebTest",
            "requests",
            "oidc-provider-mock",
            "pypdf",
            "zxing-cpp",
        ],
    },
    entry_points="""
    [z3c.autoinclude.plugin]
    target = plone

    [ville.profile]
    eguichet = ville.eguichet.municipality:PROFILE_PART
    """,
)
