"""``sitroom serve``: the web app and JSON API over a store (needs the ``web`` extra)."""


def create_app(*args, **kwargs):
    """See :func:`sitroom.web.app.create_app` (imported here only when called)."""
    from .app import create_app as _create
    return _create(*args, **kwargs)


__all__ = ["create_app"]
