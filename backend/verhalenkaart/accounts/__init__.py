"""Accounts: users, roles and cookie sessions."""
