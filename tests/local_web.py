"""A real HTTP server on 127.0.0.1 for the feed, page and watcher tests (no internet).

`LocalWeb` runs the standard library's ThreadingHTTPServer in a thread; a test sets what
each path answers with `route(...)` and reads the requests it got from `log`.  Routes
can answer with an ETag/Last-Modified (and then 304 to a matching conditional request),
any status and headers (429 with Retry-After, redirects), a delay before or while
answering (slow servers), or a generated body (huge bodies).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    last_modified: str = ""
    delay: float = 0.0  # seconds before the answer starts
    trickle: float = 0.0  # seconds between two 100-byte pieces of the body
    size: int = 0  # > 0: a generated body of this many bytes (no content-length)


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic()


class LocalWeb:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Hit] = []
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # quiet
                pass

            def handle(self) -> None:
                try:
                    super().handle()
                except (ConnectionResetError, BrokenPipeError):
                    pass  # a client that closed its kept-alive connection

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                web.log.append(Hit(self.path, dict(self.headers), time.monotonic()))
                route = web.routes.get(self.path)
                if route is None and self.path == "/robots.txt":
                    route = Route(status=404, body=b"no robots.txt")
                if route is None:
                    route = Route(status=404, body=b"not found")
                if route.delay:
                    time.sleep(route.delay)
                validators = {}
                if route.etag:
                    validators["ETag"] = route.etag
                if route.last_modified:
                    validators["Last-Modified"] = route.last_modified
                unchanged = (
                    (route.etag and self.headers.get("If-None-Match") == route.etag)
                    or (route.last_modified and not route.etag
                        and self.headers.get("If-Modified-Since") == route.last_modified))
                try:
                    if unchanged and route.status == 200:
                        self.send_response(304)
                        for k, v in validators.items():
                            self.send_header(k, v)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.content_type)
                    for k, v in {**validators, **route.headers}.items():
                        self.send_header(k, v)
                    if route.size:
                        self.send_header("Connection", "close")
                        self.end_headers()
                        piece = b"<p>" + b"x" * 1021
                        for _ in range(route.size // len(piece)):
                            self.wfile.write(piece)
                        return
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    if route.trickle:
                        for i in range(0, len(route.body), 100):
                            self.wfile.write(route.body[i:i + 100])
                            self.wfile.flush()
                            time.sleep(route.trickle)
                    else:
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a size cap, a timeout): what the test wants

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, body: bytes | str = b"", **kw) -> Route:
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = Route(body=body, **kw)
        return self.routes[path]

    def hits(self, path: str) -> list[Hit]:
        return [h for h in self.log if h.path == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def german_page(title: str, paragraphs: list[str], *, date: str = "", author: str = "",
                canonical: str = "", charset: str = "utf-8") -> str:
    """A news-like German article page with navigation, teasers and a footer around it."""
    meta = []
    if date:
        meta.append(f'<meta property="article:published_time" content="{date}">')
    if author:
        meta.append(f'<meta name="author" content="{author}">')
    if canonical:
        meta.append(f'<link rel="canonical" href="{canonical}">')
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="{charset}"><title>{title} | Beispielzeitung</title>
{chr(10).join(meta)}</head>
<body>
<header><nav><a href="/">Startseite</a> <a href="/politik">Politik</a>
<a href="/wirtschaft">Wirtschaft</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>{title}</h1>
{f'<p class="byline">Von {author}</p>' if author else ''}
{body}
</article>
<aside><h2>Mehr zum Thema</h2><ul><li><a href="/a">Andere Meldung</a></li></ul></aside>
</main>
<footer><p>© Beispielzeitung. Impressum · Datenschutz · Kontakt</p></footer>
</body></html>"""
