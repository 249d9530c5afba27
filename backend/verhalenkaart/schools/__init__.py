"""School projects: a teacher's class maps its surroundings (the full capability comes later)."""
