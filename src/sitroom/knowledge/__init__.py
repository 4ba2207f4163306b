"""What the layers know beforehand: places, countries, actors and the PLOVER event scheme.

The gazetteer (:mod:`.gazetteer`, with GeoNames import in :mod:`.geonames` and
divisions in :mod:`.divisions`), country names (:mod:`.countries`), the actor
knowledge base (:mod:`.actorkb`) and the PLOVER scheme (:mod:`.plover`) are read by
the extractors, the situation and the report alike; :mod:`.data` locates the files
shipped with the package.
"""
