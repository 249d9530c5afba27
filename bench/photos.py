"""Photo pipeline benchmark: a 12-megapixel phone JPEG and a HEIC through the whole upload →
derivatives path (identify, header checks, one decode, orient, sRGB, three derivatives, content
keys, writes to local storage). Prints the median and p95 time per photo and the peak memory of
the process that did the work.

    .venv/bin/python bench/photos.py                 # both formats, 15 runs each
    .venv/bin/python bench/photos.py --runs 30 --format jpeg

Each format runs in a fresh child process, so its peak RSS (ru_maxrss) is that of the pipeline
plus the interpreter with the app's imports (reported separately as "baseline").
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "backend"))

WIDTH, HEIGHT = 4000, 3000  # 12 MP, a phone's 4:3 sensor


def _rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: the latter is inherited
    through fork and exec from the parent that generated the 12 MP test images."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _scene():
    """A photo-like 12 MP image: gradients, detail and sensor noise (compresses like a photo)."""
    from PIL import Image, ImageChops, ImageFilter

    sky = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    detail = Image.effect_mandelbrot((WIDTH, HEIGHT), (-2.2, -1.2, 1.0, 1.2), 60)
    noise = Image.effect_noise((WIDTH, HEIGHT), 18).filter(ImageFilter.GaussianBlur(0.6))
    red = ImageChops.add(sky, noise, scale=1.3)
    green = ImageChops.blend(detail, noise, 0.35)
    blue = ImageChops.blend(sky.transpose(Image.Transpose.FLIP_TOP_BOTTOM), detail, 0.4)
    return Image.merge("RGB", (red, green, blue))


def make_inputs(directory: Path) -> dict[str, Path]:
    from PIL import Image

    from verhalenkaart.media import images  # noqa: F401 - registers the HEIF opener

    scene = _scene()
    exif = Image.Exif()
    exif[0x0112] = 6  # portrait, as phones store it
    exif[0x8825] = {1: "N", 2: (52.0, 59.0, 33.0), 3: "E", 4: (6.0, 33.0, 45.0)}
    exif[0x8769] = {0x9003: "2026:06:01 14:30:00"}
    paths = {}
    out = io.BytesIO()
    scene.save(out, "JPEG", quality=92, exif=exif.tobytes())
    paths["jpeg"] = directory / "phone-12mp.jpg"
    paths["jpeg"].write_bytes(out.getvalue())
    out = io.BytesIO()
    scene.save(out, "HEIF", quality=80, exif=exif.tobytes())
    paths["heic"] = directory / "phone-12mp.heic"
    paths["heic"].write_bytes(out.getvalue())
    return paths


def child(path: Path, runs: int) -> dict:
    """Run the pipeline `runs` times on one file (in this fresh process); return the numbers."""
    from verhalenkaart.media.files import StagedFiles
    from verhalenkaart.media.images import process_photo
    from verhalenkaart.media.storage import LocalStorage, upload_key

    data = path.read_bytes()
    baseline = _rss_mb()
    timings = []
    with tempfile.TemporaryDirectory() as media:
        storage = LocalStorage(media)
        for run in range(runs + 1):
            started = time.perf_counter()
            processed = process_photo(data, 100_000_000)
            with StagedFiles(storage) as staged:
                for derivative in processed.derivatives.values():
                    staged.put(upload_key("photos", derivative.extension), derivative.data)
            elapsed = (time.perf_counter() - started) * 1000
            if run:  # the first run warms caches and imports codecs
                timings.append(elapsed)
            # A fresh store each run, so every run writes its files.
            for stored in list(storage.files()):
                storage.delete(stored.key)
    sizes = {n: (d.width, d.height, len(d.data)) for n, d in processed.derivatives.items()}
    return {
        "input_bytes": len(data),
        "median_ms": statistics.median(timings),
        "p95_ms": sorted(timings)[max(0, int(len(timings) * 0.95) - 1)],
        "min_ms": min(timings),
        "peak_rss_mb": _rss_mb(),
        "baseline_rss_mb": baseline,
        "derivatives": sizes,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--format", choices=["jpeg", "heic", "both"], default="both")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.runs)))
        return

    formats = ["jpeg", "heic"] if args.format == "both" else [args.format]
    with tempfile.TemporaryDirectory() as directory:
        print(f"Generating a {WIDTH}×{HEIGHT} test photo as JPEG and HEIC …", flush=True)
        inputs = make_inputs(Path(directory))
        print(f"{'format':6} {'input':>8} {'median':>9} {'p95':>9} {'min':>9} "
              f"{'peak RSS':>9} {'baseline':>9}")  # fmt: skip
        for fmt in formats:
            answer = subprocess.run(  # noqa: S603 - our own interpreter and script
                [sys.executable, __file__, "--child", str(inputs[fmt]), "--runs", str(args.runs)],
                check=True,
                capture_output=True,
                text=True,
            )
            result = json.loads(answer.stdout)
            print(
                f"{fmt:6} {result['input_bytes'] / 2**20:6.1f}MB "
                f"{result['median_ms']:7.0f}ms {result['p95_ms']:7.0f}ms "
                f"{result['min_ms']:7.0f}ms {result['peak_rss_mb']:7.0f}MB "
                f"{result['baseline_rss_mb']:7.0f}MB"
            )
            print(f"       derivatives: {result['derivatives']}")


if __name__ == "__main__":
    main()
