"""Insight: counts of published stories, and where the tellers of memories come from."""
