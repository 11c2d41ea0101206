"""DATE mentions: years, months, seasons, days and periods (``bilan_dates``)."""
from .dates import DateMatch, find_dates, parse_date  # noqa: F401
from .factory import DatesComponent  # noqa: F401  (registers the factory)
