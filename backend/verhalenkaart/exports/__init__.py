"""Open data: the stories as GeoJSON, CSV, GeoPackage and ZIP, streamed (issue 11)."""
