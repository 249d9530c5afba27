"""The caller's own data: my stories, consent, GDPR export and erasure, the privacy statement."""
