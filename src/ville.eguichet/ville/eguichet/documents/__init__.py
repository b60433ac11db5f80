"""The three Belgian civil-status documents of the e-guichet: extrait de
casier judiciaire, composition de ménage, acte de naissance.

Built on the request engine: the forms' rules (``rules``), fees and
structured communications (``fees``, ``handlers``), GDPR retention
(``retention``) and statistics for agents (``statistics``). The municipality
profile creates the forms (``ville.eguichet.municipality``).
"""
