"""The JSON API, one route per page, documented at /openapi.json.

Routes answer with the same records the CLI writes: `GET /api/stories/{id}` is exactly
`storylens report ID --format json`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from storylens.model import OutletListing, OutletRecord, StoryReport
from storylens.pipeline import outlet_listing
from storylens.store import Store
from storylens.web.ingest import UPLOAD_SCHEMA, IngestAnswer, receive_upload
from storylens.web.lookups import ArticleDetail, article_detail, outlet_profile_of, report_of
from storylens.web.queries import StoryPage, StoryQuery, list_stories
from storylens.web.state import AppState, app_state, reader

router = APIRouter(prefix="/api")

State = Annotated[AppState, Depends(app_state)]
Reader = Annotated[Store, Depends(reader)]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such story or article."}}


@router.get("/stories", response_model=StoryPage, tags=["stories"])
def stories(query: Annotated[StoryQuery, Query()], state: State, store: Reader) -> StoryPage:
    """Stories matching every filter given, a page at a time."""
    return list_stories(store, query, state.search_terms(query.q))


@router.get("/stories/{story_id}", response_model=StoryReport, responses=NOT_FOUND, tags=["stories"])
def story(story_id: int, state: State, store: Reader) -> Response:
    """The story's comparison report (`storylens schema` prints its JSON Schema)."""
    # Sent as already-serialised JSON: the report is a validated record, and validating it
    # again on the way out would cost more than rendering the page.
    return Response(report_of(state, store, story_id).model_dump_json(), media_type="application/json")


@router.get("/articles/{article_id}", response_model=ArticleDetail, responses=NOT_FOUND, tags=["articles"])
def article(article_id: str, state: State, store: Reader) -> ArticleDetail:
    """One article, its story, and the loaded spans found in it."""
    return article_detail(state, store, article_id)


@router.get("/outlets", response_model=list[OutletListing], tags=["outlets"])
def outlets(store: Reader) -> list[OutletListing]:
    """Every outlet of the store with its counts, and its lean, country, kind, owner and domains as
    the user described it (`storylens outlets import`), else as the bundled outlet table knows it."""
    return outlet_listing(store)


@router.get("/outlets/{name:path}", response_model=OutletRecord, responses={404: {"description": "No such outlet."}}, tags=["outlets"])
def outlet(name: str, state: State, store: Reader) -> OutletRecord:
    """How the outlet writes across all its stories (`storylens outlets show NAME --json`)."""
    return outlet_profile_of(state, store, name)


@router.post(
    "/ingest",
    response_model=IngestAnswer,
    openapi_extra=UPLOAD_SCHEMA,
    responses={
        403: {"description": "The server was started without --allow-ingest, or the request came from another site."},
        413: {"description": "The upload is over the size limit (10 MB unless configured)."},
        415: {"description": "The file's suffix names no format ingest reads."},
    },
    tags=["ingest"],
)
async def ingest(request: Request, state: State) -> IngestAnswer:
    """Store, analyse and cluster the articles of one uploaded file (multipart field `file`)."""
    return await receive_upload(request, state)
