"""Place mentions: communes, départements, régions, overseas areas, countries.

Importing the package registers the ``bilan_places`` spaCy factory.
"""
from .factory import PlacesComponent, make_places  # noqa: F401  (registers the factory)
from .names import fold_place_name, place_names_match  # noqa: F401
from .places import PlaceFinder, PlaceMatch, get_finder  # noqa: F401
