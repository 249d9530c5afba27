"""OGC API – Features at /ogc: the published stories for GIS software (QGIS, ArcGIS, GDAL)."""
