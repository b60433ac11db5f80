"""Review dates: content that stays true (issue 19).

Pages, procedures, public services and news carry a date by which they must
be re-read (``review_date``) and who re-reads them (``review_owner``, a user
or a group): the behavior ``ville.policy.review``. The date is set on
publication from the type's period (``settings``), moved on by the workflow
transition ``mark_reviewed`` ("Marquer comme relu", which records who and
when in the item's history), listed for editors at ``@@contenus-a-relire``
and mailed to each responsible once a week (``digest``, ``make
review-digest``). Overdue content stays published; a per-type setting shows
visitors a notice after some days overdue (``views.ReviewViewlet``).
"""
