"""The Starlette application: the page (static files of this package only) and its JSON API.

Every path the API reads comes from the Workspace, which holds only what the user named when
starting the server; a detection path typed in the page must lie inside a --detections folder.
Other web pages the user visits must not drive it: requests must name this server's own host
(no DNS rebinding), and every POST must carry a JSON body, which a page of another origin cannot
send without the browser asking this server first (and it never agrees).
Searches, explains and detection tests run as jobs (jobs.py): POST starts one and answers its
state, GET /api/jobs/<id> polls it, POST /api/jobs/<id>/cancel stops it.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from engine.detections import DetectionFileError
from spl.errors import SplError
from spl.serve import detections, results
from spl.serve.jobs import Job, Jobs, error_json
from spl.serve.vocabulary import vocabulary
from spl.serve.workspace import OutsideError, Workspace

STATIC = Path(__file__).with_name("static")
# plotly.js as the `plotly` Python package ships it (see README, "The search page").
PLOTLY = files("plotly") / "package_data" / "plotly.min.js"


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def create_app(workspace: Workspace, hosts: tuple[str, ...] = LOCAL_HOSTS) -> Starlette:
    """The page and its API over `workspace`, answering requests addressed to `hosts`."""
    jobs = Jobs()

    async def index(request: Request) -> FileResponse:
        return FileResponse(STATIC / "index.html")

    async def plotly(request: Request) -> FileResponse:
        return FileResponse(str(PLOTLY), media_type="text/javascript")

    async def info(request: Request) -> JSONResponse:
        return JSONResponse({
            "data": [str(p) for p in workspace.data], "events": workspace.events,
            "store": None if workspace.catalog.store is None else str(workspace.catalog.store.root),
            "skipped": [str(p) for p in workspace.loaded.problems],
            "notices": workspace.loaded.notices,
            "detections": [str(d) for d in workspace.detection_dirs],
            "data_root": workspace.data_root is not None,
            "vocabulary": vocabulary(workspace.catalog)})

    async def expand(request: Request) -> JSONResponse:
        text = (await request.json()).get("search", "")
        try:
            return JSONResponse(results.expansion(workspace, text))
        except SplError as error:
            return JSONResponse({"error": error_json(error)}, status_code=400)

    def started(job: Job) -> JSONResponse:
        return JSONResponse(job.state(), status_code=202)

    async def search(request: Request) -> JSONResponse:
        text = (await request.json()).get("search", "")
        return started(jobs.start(lambda job: results.run(workspace, text, job)))

    async def explain(request: Request) -> JSONResponse:
        text = (await request.json()).get("search", "")
        return started(jobs.start(lambda job: results.explain_steps(workspace, text, job)))

    async def job_state(request: Request) -> JSONResponse:
        job = jobs.get(request.path_params["job"])
        if job is None:
            return JSONResponse({"error": {"message": "no such search"}}, status_code=404)
        return JSONResponse(job.state())

    async def cancel(request: Request) -> JSONResponse:
        job = jobs.get(request.path_params["job"])
        if job is None:
            return JSONResponse({"error": {"message": "no such search"}}, status_code=404)
        job.cancel()
        return JSONResponse(job.state())

    async def detection_list(request: Request) -> JSONResponse:
        typed = request.query_params.get("path", "")
        return _refusing(lambda: {"detections": detections.listed(workspace, typed)})

    async def detection_run(request: Request) -> JSONResponse:
        typed = (await request.json()).get("path", "")

        def start() -> dict:
            name, text = detections.search_of(workspace, typed)
            job = jobs.start(lambda job: results.run(workspace, text, job))
            return {**job.state(), "name": name, "search": text}
        return _refusing(start, 202)

    async def detection_test(request: Request) -> JSONResponse:
        typed = (await request.json()).get("path", "")

        def start() -> dict:
            workspace.detection_path(typed)  # refused here, before a job starts
            root = detections.data_root(workspace)
            return jobs.start(
                lambda job: {"tests": detections.tested(workspace, typed, root)}).state()
        return _refusing(start, 202)

    routes = [
        Route("/", index), Route("/vendor/plotly.min.js", plotly), Route("/api/info", info),
        Route("/api/expand", expand, methods=["POST"]),
        Route("/api/search", search, methods=["POST"]),
        Route("/api/explain", explain, methods=["POST"]),
        Route("/api/jobs/{job}", job_state),
        Route("/api/jobs/{job}/cancel", cancel, methods=["POST"]),
        Route("/api/detections", detection_list),
        Route("/api/detections/run", detection_run, methods=["POST"]),
        Route("/api/detections/test", detection_test, methods=["POST"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    return Starlette(routes=routes, middleware=[
        Middleware(TrustedHostMiddleware, allowed_hosts=list(hosts)),
        Middleware(JsonPostsOnly)])


class JsonPostsOnly:
    """Refuses a POST whose body is not declared JSON: a form or `text/plain` POST is what a
    page of another origin can send without asking first."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            kind = Headers(scope=scope).get("content-type", "").split(";")[0].strip()
            if kind != "application/json":
                answer = JSONResponse({"error": {"message": "POST a JSON body"}}, status_code=415)
                await answer(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _refusing(answer, status: int = 200) -> JSONResponse:
    """The answer, or the reason a detection path was refused or could not be read."""
    try:
        return JSONResponse(answer(), status_code=status)
    except OutsideError as error:
        return JSONResponse({"error": {"message": str(error)}}, status_code=403)
    except DetectionFileError as error:
        return JSONResponse({"error": {"message": str(error)}}, status_code=400)
