"""`storylens serve`: the stories of a store as web pages and a JSON API, on this machine only.

Read-only unless started with `--allow-ingest`; every page is rendered on the server from the
same templates as the static HTML report, under a strict Content-Security-Policy.
"""

from storylens.web.app import check_store, create_app, run_server, server_for
from storylens.web.state import MAX_UPLOAD_BYTES, ServerConfig

__all__ = ["MAX_UPLOAD_BYTES", "ServerConfig", "check_store", "create_app", "run_server", "server_for"]
