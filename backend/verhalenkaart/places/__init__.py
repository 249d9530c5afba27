"""The gazetteer: cities, villages and hamlets to search the map and name a story's place."""
