"""The web side of doxwacht: public report/objection forms with status links, and the console.
`create_app(Settings(...))` builds a FastAPI app; `doxwacht serve` runs it with uvicorn."""

from doxwacht.web.settings import Settings


def create_app(settings: Settings | None = None):
    from doxwacht.web.app import create_app as _create

    return _create(settings)


__all__ = ["Settings", "create_app"]
