"""Uploads into the store, for `POST /api/ingest` and the upload form; off unless `--allow-ingest`.

The upload is written to a temporary folder the server creates, under a name the server makes:
of the client's file name only the suffix is used, and only when the allow-list below has it, to
pick the reader. Nothing from the request ever becomes a path.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path, PurePath
from typing import BinaryIO

from fastapi import Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from storylens.ingest import READERS
from storylens.model import Problem
from storylens.pipeline import upload
from storylens.store import Store
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
                        "file": {"type": "string", "format": "binary", "description": "One input file."},
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
        return await run_in_threadpool(ingest_file, state, upload.file, suffix, name or None)


def upload_suffix(filename: str | None) -> str:
    """The file name's suffix when ingest can read it; 415 otherwise."""
    name = PurePath(filename or "")
    double = "".join(name.suffixes[-2:]).lower()
    suffix = double if double in ALLOWED_SUFFIXES else name.suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise HTTPException(415, f"unsupported file type; send one of {', '.join(sorted(ALLOWED_SUFFIXES))}")
    return suffix


def ingest_file(state: AppState, data: BinaryIO, suffix: str, outlet: str | None) -> IngestAnswer:
    """Run the pipeline on the upload, from a temporary copy removed afterwards."""
    settings = state.config.settings
    with tempfile.TemporaryDirectory(prefix="storylens-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as copy:
            shutil.copyfileobj(data, copy)
        with state.models, Store(state.config.db_path) as store:
            placed = upload(store, [path], settings, outlet=outlet)
    result = placed.ingest
    problems = [p.model_copy(update={"source": p.source.replace(str(path), path.name)}) for p in result.problems]
    return IngestAnswer(added=result.added, known=result.known, problems=problems, stories=placed.stories)
