"""Administration of accounts: roles, teacher requests, blocking (admins only)."""
