"""Collections: exhibitions and routes curators build from published stories, with their notes."""
