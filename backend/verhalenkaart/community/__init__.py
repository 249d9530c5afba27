"""Community: resident responses to published stories (reactions, comments, reports)."""
