"""Context layers: overlays curators import (beekdalen, opgavenkaart, planned energy sites)."""
