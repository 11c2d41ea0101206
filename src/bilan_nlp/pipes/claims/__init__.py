"""Claim detection: every sentence or bullet is a commitment, an outcome, both, or other.

Importing the package registers the ``bilan_claims`` spaCy factory.
"""
from .factory import ClaimFields, ClaimTagger, claim_fields, iter_claims, make_claims  # noqa: F401
