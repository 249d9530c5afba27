"""Photos and voice recordings attached to stories: validation, derivatives, storage, serving."""
