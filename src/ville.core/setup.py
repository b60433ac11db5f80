from setuptools import find_namespace_packages
from setuptools import setup


setup(
    name="ville.core",
    version="1.1.0.dev0",
    description="The municipality profile's reader and loader shared by the ville add-ons (no Plone import)",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    classifiers=[
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Programming Language :: Python",
        "Programming Language :: Python :: 3 :: Only",
        "Programming Language :: Python :: 3.11",
        "Operating System :: OS Independent",
        "Development Status :: 5 - Production/Stable",
    ],
    license="GPL-2.0-only",
    packages=find_namespace_packages(include=["ville.core", "ville.core.*"]),
    include_package_data=True,
    zip_safe=False,
    python_requires=">=3.11",
    install_requires=[
        "PyYAML",
        "pydantic",
    ],
    extras_require={
        "test": [
            "zope.testrunner",
        ],
    },
)
