"""Moderation: the review queue and the audit trail of decisions."""
