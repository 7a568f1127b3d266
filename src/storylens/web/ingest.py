"""Uploads into the store, for `POST /api/ingest` and the upload form; off unless `--allow-ingest`.

The upload is written to a temporary folder the server creates, under a name the server makes:
of the client's file name only the suffix is used, and only when the allow-list below has it, to
pick the reader. Nothing from the request ever becomes a path. The name's stem, cleaned, is only
text: what the upload's problems are reported under, and the outlet name guessed for articles
that name none, as the stem of a local file is.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from pathlib import Path, PurePath
from typing import BinaryIO

from fastapi import Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from storylens.ingest.inputs import READERS
from storylens.model import Problem
from storylens.pipeline import upload
from storylens.store import open_store
from storylens.web.security import same_origin
from storylens.web.state import AppState

ALLOWED_SUFFIXES = frozenset(READERS)
"""The suffixes ingest has a reader for: .txt, .html, .json, .jsonl, .xml and their kin."""


class IngestAnswer(BaseModel):
    """What an upload did, in the words of `storylens ingest`."""

    added: list[str] = Field(description="Ids of the articles stored for the first time.")
    known: list[str] = Field(description="Ids of the articles the store already had.")
    problems: list[Problem] = Field(description="Records of the upload that could not be read.")
    stories: list[int] = Field(description="Ids of the stories the new articles joined or opened.")


UPLOAD_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "One input file, of at most 10 MB unless the server was configured otherwise.",
                        },
                        "outlet": {"type": "string", "description": "Outlet name for every article in it."},
                    },
                }
            }
        },
    }
}
"""The request body of the upload routes, for the OpenAPI schema: they read the form themselves
so that a refused upload is answered before any of it is read."""


async def receive_upload(request: Request, state: AppState) -> IngestAnswer:
    """Check that uploads are allowed, read the form, and ingest, analyse and cluster the file."""
    if not state.config.allow_ingest:
        raise HTTPException(403, "ingest is off; start the server with `storylens serve --allow-ingest`")
    if not same_origin(request.headers):
        raise HTTPException(403, "uploads from another site's page are refused")
    async with request.form(max_files=1, max_fields=1) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise HTTPException(422, "send the article file as the multipart field 'file'")
        suffix = upload_suffix(upload.filename)
        outlet = form.get("outlet")
        name = outlet.strip() if isinstance(outlet, str) else ""
        return await run_in_threadpool(ingest_file, state, upload.file, suffix, name or None, upload_stem(upload.filename))


def upload_suffix(filename: str | None) -> str:
    """The file name's suffix when ingest can read it; 415 otherwise."""
    name = PurePath(filename or "")
    double = "".join(name.suffixes[-2:]).lower()
    suffix = double if double in ALLOWED_SUFFIXES else name.suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise HTTPException(415, f"unsupported file type; send one of {', '.join(sorted(ALLOWED_SUFFIXES))}")
    return suffix


MAX_STEM_CHARS = 100
"""The longest outlet name taken from an upload's file name; the rest is cut."""
FALLBACK_STEM = "upload"
"""The name of an upload whose file name leaves nothing once cleaned."""


def upload_stem(filename: str | None) -> str:
    """The stem of the client's file name, as the outlet name guessed from a local file's stem.

    Untrusted, and never a path: any folders (either slash) are dropped, control, format and
    private-use characters removed, runs of space made one space, and the rest cut at
    `MAX_STEM_CHARS`. An ordinary name is left as it is, so an upload and an ingest of the same
    file give its articles the same outlet, and so the same ids.
    """
    base = re.split(r"[/\\]", filename or "")[-1]
    stem = PurePath(base).stem if base not in {"", ".", ".."} else ""
    kept = "".join(char for char in stem if char.isspace() or unicodedata.category(char)[0] != "C")
    cleaned = " ".join(kept.split())[:MAX_STEM_CHARS].strip()
    return cleaned or FALLBACK_STEM


def ingest_file(state: AppState, data: BinaryIO, suffix: str, outlet: str | None, stem: str) -> IngestAnswer:
    """Run the pipeline on the upload, from a temporary copy removed afterwards.

    `outlet` (the form's) names every article; without it, an article that names no outlet is
    named after `stem` (the client's file name, cleaned) and marked guessed, as a local file's
    articles are after its stem, never after the temporary file.
    """
    settings = state.config.settings
    with tempfile.TemporaryDirectory(prefix="storylens-upload-") as folder:
        path = Path(folder) / f"{FALLBACK_STEM}{suffix}"
        with path.open("wb") as copy:
            shutil.copyfileobj(data, copy)
        with state.models, open_store(state.config.db_path) as store:
            placed = upload(store, [path], settings, outlet=outlet, named=stem)
    result = placed.ingest
    shown = f"{stem}{suffix}"
    problems = [p.model_copy(update={"source": p.source.replace(str(path), shown)}) for p in result.problems]
    return IngestAnswer(added=result.added, known=result.known, problems=problems, stories=placed.stories)
