"""Backups: the database through its own tools plus the media files its rows refer to."""
