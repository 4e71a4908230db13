"""The protected-person watchlist: register officers, officials and other protected people as keyed
hashes only, and match their identifiers in every scan.

    key = load_key()                                  # key file or DOXWACHT_WATCHLIST_KEY
    register = Register(Store("doxwacht.db"), key)
    register.add(PersonInput(label="Agent A", role="politie", organisation="Eenheid Utrecht",
                             names=["Jan de Vries"], phones=["06-12345678"]))
    engine = Engine(analyzers=[WatchlistAnalyzer.from_register(register)])
    engine.scan("bel de vries: 0612345678").to_dict()["watchlist"]

See docs/WATCHLIST.md for key handling, rotation and the threat model.
"""

from doxwacht.watchlist.analyzer import WatchlistAnalyzer, analyzer_from_config
from doxwacht.watchlist.canonical import InvalidIdentifier
from doxwacht.watchlist.keys import (
    Hasher,
    KeyFormatError,
    MissingKeyError,
    WatchlistKey,
    WatchlistKeyError,
    WrongKeyError,
    generate_key,
    load_key,
    write_key_file,
)
from doxwacht.watchlist.kinds import REGISTERED_KINDS, ROLE_GROUPS, Kind, Strength
from doxwacht.watchlist.matcher import Hit, Matcher
from doxwacht.watchlist.register import (
    CsvFormatError,
    ImportReport,
    PersonInfo,
    PersonInput,
    Register,
    RowError,
)

__all__ = [
    "REGISTERED_KINDS",
    "ROLE_GROUPS",
    "CsvFormatError",
    "Hasher",
    "Hit",
    "ImportReport",
    "InvalidIdentifier",
    "KeyFormatError",
    "Kind",
    "Matcher",
    "MissingKeyError",
    "PersonInfo",
    "PersonInput",
    "Register",
    "RowError",
    "Strength",
    "WatchlistAnalyzer",
    "WatchlistKey",
    "WatchlistKeyError",
    "WrongKeyError",
    "analyzer_from_config",
    "generate_key",
    "load_key",
    "write_key_file",
]
