from setuptools import find_namespace_packages
from setuptools import setup


setup(
    name="ville.testing",
    version="1.1.0.dev0",
    description="Test support shared by the ville add-ons' own tests (upgrade and import checks)",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    classifiers=[
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Programming Language :: Python",
        "Programming Language :: Python :: 3 :: Only",
        "Programming Language :: Python :: 3.11",
    ],
    license="GPL-2.0-only",
    packages=find_namespace_packages(include=["ville.testing", "ville.testing.*"]),
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.11",
    install_requires=[
        "Products.CMFPlone",
        "plone.app.testing",
    ],
)
