"""A form's rules declared once, as data.

A :class:`RuleTable` says, per field, when the question applies (``when``,
a condition on another answer), whether it is then required, which values
are accepted and, for each refusal, the message that names the field and
the fix. The one table drives:

- the server's validation on both channels, through the one submission
  service (:mod:`ville.eguichet.submission`): the HTML form and
  ``@eguichet-submit`` get the same messages, and a field's own validator
  ("Contrainte non satisfaite", "Champ obligatoire manquant") is replaced
  by the table's message for that field;
- the page (:mod:`ville.eguichet.browser.formpage`): pat-depends conditions
  that hide the questions that do not apply, and the condition stated in
  words when JavaScript does not run.

A form gets its table through the adapter ``IFormRules`` (the documents
register one for their forms); a form without one keeps easyform's
behaviour.
"""

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Callable
from ville.eguichet.interfaces import IFormRules
from zope.interface import implementer


def is_missing(value) -> bool:
    return value is None or value == "" or value == b"" or value == [] or value == ()


@dataclass(frozen=True)
class When:
    """The answer to ``field`` is one of ``values`` (none of them: ``negate``)."""

    field: str
    values: tuple
    negate: bool = False

    def holds(self, answers: dict) -> bool:
        """Whether the condition holds; never while ``field`` is unanswered
        (a follow-up question waits for its question)."""
        value = answers.get(self.field)
        if is_missing(value):
            return False
        return (value in self.values) != self.negate

    def depends(self, prefix: str = "form.widgets.") -> str:
        """The condition in pat-depends' syntax (easyform's ``depends_on``)."""
        operator, join = ("!=", " and ") if self.negate else ("=", " or ")
        return join.join(
            f"{prefix}{self.field} {operator} '{value}'" for value in self.values
        )


@dataclass(frozen=True)
class FieldRule:
    """The rules of one field.

    ``when``: the question applies only then (otherwise hidden, not
    required, its answer dropped); ``condition``: that condition in words.
    ``required`` + ``missing``: required when it applies, and the message.
    ``allowed``: the accepted values (a tuple, or a callable of the answers);
    ``refused``: ``((value, message), ...)`` for values refused with their own
    message; ``invalid``: the message for any other value not accepted.
    ``checks``: callables ``(value, answers) -> message or None``.
    """

    name: str
    when: When | None = None
    condition: object = None
    required: bool = False
    missing: object = None
    allowed: tuple | Callable | None = None
    refused: tuple = ()
    invalid: object = None
    checks: tuple = dc_field(default=())


@dataclass(frozen=True)
class Step:
    """One step of the form page: its title and its fields, in order (the
    page shows one step at a time with JavaScript, every step without)."""

    name: str
    title: object
    fields: tuple


@implementer(IFormRules)
class RuleTable:
    """The rules of one form: :class:`FieldRule` s, in the form's order;
    ``steps``: the form page's :class:`Step` s (none: one page)."""

    def __init__(self, rules, steps=()):
        self.rules = {rule.name: rule for rule in rules}
        self.steps = tuple(steps)

    def __contains__(self, name) -> bool:
        return name in self.rules

    def get(self, name) -> FieldRule | None:
        return self.rules.get(name)

    def asked(self, name: str, answers: dict) -> bool:
        """Whether the question applies given the other answers (its
        condition holds and the question it depends on applies too)."""
        seen = set()
        rule = self.rules.get(name)
        while rule is not None and rule.when is not None and name not in seen:
            seen.add(name)
            if not rule.when.holds(answers):
                return False
            name = rule.when.field
            rule = self.rules.get(name)
        return True

    def applicable(self, answers: dict) -> dict:
        """``answers`` with the answers to questions that do not apply
        dropped (None): a proxy uploaded, then "my household" chosen."""
        return {
            name: (value if self.asked(name, answers) else None)
            for name, value in answers.items()
        }

    def _accepted(self, rule, answers):
        allowed = rule.allowed
        return allowed(answers) if callable(allowed) else allowed

    def refusal(self, name: str, value, answers: dict):
        """The message refusing ``value`` (given, not missing), or None."""
        rule = self.rules.get(name)
        if rule is None:
            return None
        for refused, message in rule.refused:
            if value == refused:
                return message
        accepted = self._accepted(rule, answers)
        if accepted is not None and value not in accepted:
            return rule.invalid
        for check in rule.checks:
            message = check(value, answers)
            if message is not None:
                return message
        return None

    def validate(self, answers: dict) -> dict:
        """``{field: message}`` for every rule the answers break."""
        errors = {}
        for name, rule in self.rules.items():
            if not self.asked(name, answers):
                continue
            value = answers.get(name)
            if is_missing(value):
                if rule.required:
                    errors[name] = rule.missing
                continue
            message = self.refusal(name, value, answers)
            if message is not None:
                errors[name] = message
        return errors

    def message_for(self, name: str, raw, answers: dict):
        """The table's message for a value the field's own validator refused
        (``raw``: as submitted), or None to keep the validator's."""
        rule = self.rules.get(name)
        if rule is None:
            return None
        if is_missing(raw):
            return rule.missing
        return self.refusal(name, raw, answers) or rule.invalid

    def depends(self, name: str) -> str:
        rule = self.rules.get(name)
        if rule is None or rule.when is None:
            return ""
        when = rule.when
        controlling = self.rules.get(when.field)
        if when.negate and controlling is not None and isinstance(controlling.allowed, tuple):
            # pat-depends misreads "a != 'x' and a != 'y'" on radio buttons
            # (the question stayed shown once shown): the accepted values
            # that hold the condition, as "a = 'z' or ...", instead.
            when = When(when.field, tuple(v for v in controlling.allowed if v not in when.values))
        return when.depends()


def rules_for(form) -> RuleTable | None:
    """The rule table of ``form`` (adapter ``IFormRules``), or None."""
    return IFormRules(form, None)


def refine(form, errors: dict, raw: dict, answers: dict) -> dict:
    """``errors`` of the fields' own validators with the table's messages
    where it has one (``raw``: the submitted values, ``answers``: the
    values understood so far). Errors of questions that do not apply go."""
    table = rules_for(form)
    if table is None:
        return errors
    refined = {}
    context = dict(answers)
    context.update({k: v for k, v in raw.items() if k not in context})
    for name, message in errors.items():
        if name in table and not table.asked(name, context):
            continue
        better = table.message_for(name, raw.get(name), context)
        refined[name] = better if better is not None else message
    if refined:
        # Say every mistake at once: the table's refusals of the other
        # answers too (the HTML form does the same, ``browser.formpage``).
        for name, message in table.validate(answers).items():
            if name not in refined and name not in errors:
                refined[name] = message
    return refined
