"""The HTML pages: story list, story, article, upload answer, errors, and the stylesheet.

Every page renders a template of `storylens/report/templates` through `render_page`, with the
same autoescaping environment as the static report; the story page is the static report's own
template, given the server's links instead of the file's.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from storylens.pipeline import outlet_listing
from storylens.report.html import marked, render_page, story_context
from storylens.report.sections import kind_bars, outlet_rows
from storylens.store import Store
from storylens.web.article_view import article_blocks
from storylens.web.ingest import ALLOWED_SUFFIXES, receive_upload
from storylens.web.lookups import article_detail, outlet_profile_of, report_of
from storylens.web.queries import StoryQuery, list_stories
from storylens.web.state import AppState, app_state, reader
from storylens.web.static import asset_response, static_url

router = APIRouter(include_in_schema=False)
READ = ["GET", "HEAD"]
"""The methods of every page: HEAD answers as GET does, headers only (the server drops the body)."""

State = Annotated[AppState, Depends(app_state)]
Reader = Annotated[Store, Depends(reader)]


def article_page_url(article_id: str) -> str:
    return f"/articles/{article_id}"


def outlet_page_url(name: str) -> str:
    """The outlet's page; every character of the name that could end the path segment is escaped."""
    return f"/outlets/{quote(name, safe='')}"


def story_page_url(story_id: int) -> str:
    return f"/stories/{story_id}"


def page(template: str, status_code: int = 200, **context: object) -> HTMLResponse:
    """A served page: the shared templates with the server's links, never the standalone file's."""
    html = render_page(
        template,
        standalone=False,
        static_url=static_url,
        article_page=article_page_url,
        outlet_page=outlet_page_url,
        story_page=story_page_url,
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def size_text(size: int) -> str:
    """A byte count as the upload form states it: 10485760 → '10 MB', 65536 → '64 KB'."""
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if size >= scale:
            return f"{round(size / scale, 1):g} {unit}"
    return f"{size} bytes"


def list_url(query: StoryQuery, **changes: object) -> str:
    """The list page for `query` with `changes`, naming only the filters that differ from the defaults."""
    changed = query.model_copy(update=changes).model_dump(mode="json", exclude_defaults=True)
    return f"/?{urlencode(changed)}" if changed else "/"


@router.api_route("/", methods=READ, response_class=HTMLResponse)
def story_list(query: Annotated[StoryQuery, Query()], state: State, store: Reader) -> HTMLResponse:
    result = list_stories(store, query, state.search_terms(query.q))
    return page(
        "stories.html.j2",
        result=result,
        query=query,
        outlets=store.outlet_names(),
        list_url=lambda **changes: list_url(query, **changes),
        allow_ingest=state.config.allow_ingest,
        suffixes=sorted(ALLOWED_SUFFIXES),
        upload_limit=size_text(state.config.max_upload_bytes),
    )


@router.api_route("/stories/{story_id}", methods=READ, response_class=HTMLResponse)
def story(story_id: int, state: State, store: Reader) -> HTMLResponse:
    return page("story.html.j2", 200, **story_context(report_of(state, store, story_id)))


@router.api_route("/articles/{article_id}", methods=READ, response_class=HTMLResponse)
def article(article_id: str, state: State, store: Reader) -> HTMLResponse:
    detail = article_detail(state, store, article_id)
    return page(
        "article.html.j2",
        detail=detail,
        blocks=article_blocks(detail.article, store.sentences(article_id)),
        mark=lambda ref: marked(ref, detail.spans),
    )


@router.api_route("/outlets", methods=READ, response_class=HTMLResponse)
def outlets(store: Reader) -> HTMLResponse:
    return page("outlets.html.j2", rows=outlet_listing(store))


@router.api_route("/outlets/{name:path}", methods=READ, response_class=HTMLResponse)
def outlet(name: str, state: State, store: Reader) -> HTMLResponse:
    record = outlet_profile_of(state, store, name)
    return page(
        "outlet.html.j2",
        record=record,
        bars=kind_bars(record),
        measures=outlet_rows(record),
        outlets_url="/outlets",
        json_url=f"/api{outlet_page_url(name)}",
    )


@router.post("/upload", response_class=HTMLResponse)
async def upload(request: Request, state: State) -> HTMLResponse:
    return page("uploaded.html.j2", answer=await receive_upload(request, state))


@router.api_route("/static/{name}", methods=READ)
def static(name: str) -> Response:
    return asset_response(name)
