"""Stories: the pins of the map, their themes and their life cycle."""
