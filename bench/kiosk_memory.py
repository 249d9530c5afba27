"""Kiosk memory over a long loop: the built PWA's kiosk (/kiosk/<slug>) in Debian's Chromium,
looping through a collection of stories with real photos at a short interval, the network cut
half-way. Every `--sample` steps the browser collects garbage (CDP HeapProfiler.collectGarbage)
and the script prints the JS heap, DOM nodes, event listeners and documents (CDP
Performance.getMetrics). A kiosk that leaks grows steadily; one that does not stays flat.

    cd frontend && npm run build && cd ..
    .venv/bin/python bench/kiosk_memory.py                      # 12 stories, 1 s, 600 steps
    .venv/bin/python bench/kiosk_memory.py --steps 3600 --interval 1

Not a test: it prints numbers (docs/curation.md quotes a run).
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery"  # noqa: S105 - a throwaway local account


def _photo(seed: int) -> bytes:
    from PIL import Image

    image = Image.effect_mandelbrot((1600, 1200), (-2.2 + seed / 50, -1.2, 1.0, 1.2), 40)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def serve(stories: int, data: Path):
    from werkzeug.security import generate_password_hash
    from werkzeug.serving import make_server

    from verhalenkaart import create_app, migrate
    from verhalenkaart.accounts.models import User
    from verhalenkaart.extensions import db

    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{data / 'kiosk.sqlite'}",
            "DATA_DIR": str(data),
            "SECRET_KEY": "bench-secret-key",
            "FRONTEND_DIR": str(ROOT / "frontend" / "dist"),
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        migrate.upgrade(db.engine)
        db.session.add(
            User(
                email="atelier@example.org",
                display_name="Atelier",
                role="curator",
                password_hash=generate_password_hash(PASSWORD),
            )
        )
        db.session.commit()
    client = app.test_client()
    token = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    login = {"email": "atelier@example.org", "password": PASSWORD}
    response = client.post("/api/v1/auth/login", json=login, headers={"X-CSRF-Token": token})
    assert response.status_code == 200, response.get_data(as_text=True)
    headers = {"X-CSRF-Token": client.get("/api/v1/auth/csrf").get_json()["csrf_token"]}
    items = []
    for n in range(stories):
        story = client.post(
            "/api/v1/stories",
            headers=headers,
            json={
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [6.3 + n * 0.05, 52.8 + n * 0.02]},
                "properties": {
                    "kind": "story",
                    "title": f"Verhaal {n + 1}",
                    "body": "Een verhaal over het landschap. " * 20,
                    "location_precision": "exact",
                    "consent": True,
                },
            },
        ).get_json()
        assert "id" in story, story
        client.post(
            f"/api/v1/stories/{story['id']}/photos",
            headers=headers,
            data={"file": (io.BytesIO(_photo(n)), "foto.jpg"), "alt": f"Foto {n + 1}"},
            content_type="multipart/form-data",
        )
        items.append({"story": story["id"], "note": f"Noot {n + 1}"})
    response = client.post(
        "/api/v1/collections",
        headers=headers,
        json={"title": "Kiosk", "slug": "kiosk", "status": "published", "items": items},
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    http = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=http.serve_forever, daemon=True).start()
    return http, f"http://127.0.0.1:{http.server_port}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=12)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds per screen")
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--sample", type=int, default=60, help="steps between samples")
    args = parser.parse_args()

    import logging

    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        http, url = serve(args.stories, Path(tmp))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"]
            )
            context = browser.new_context(viewport={"width": 1920, "height": 1080})
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Performance.enable")
            page.goto(f"{url}/kiosk/kiosk?interval={args.interval:g}")
            page.locator(".kiosk-attract").wait_for()
            print(
                f"kiosk: {args.stories} stories with photos, {args.interval:g} s a screen, "
                f"{args.steps} steps; network cut from step {args.steps // 2}"
            )
            print(
                f"{'step':>6} {'min':>6} {'heap MB':>8} {'nodes':>7} {'listeners':>9} {'docs':>5}"
            )
            started = time.monotonic()
            first = None
            for step in range(0, args.steps + 1, args.sample):
                if step:
                    time.sleep(args.sample * args.interval)
                if step >= args.steps // 2:
                    context.set_offline(True)
                cdp.send("HeapProfiler.collectGarbage")
                metrics = {
                    m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]
                }
                row = (
                    metrics["JSHeapUsedSize"] / 2**20,
                    int(metrics["Nodes"]),
                    int(metrics["JSEventListeners"]),
                    int(metrics["Documents"]),
                )
                first = first or row
                minutes = (time.monotonic() - started) / 60
                print(
                    f"{step:>6} {minutes:>6.1f} {row[0]:>8.2f} {row[1]:>7} {row[2]:>9} {row[3]:>5}"
                )
            shown = page.locator(".kiosk-title").inner_text()
            print(f"still looping offline, showing: {shown!r}")
            print(
                f"growth over the run: heap {row[0] - first[0]:+.2f} MB, "
                f"nodes {row[1] - first[1]:+d}, listeners {row[2] - first[2]:+d}"
            )
            browser.close()
        http.shutdown()


if __name__ == "__main__":
    main()
