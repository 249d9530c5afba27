"""The build's scripts and styles go compressed: the brotli or gzip copy the build made next to
each file, whichever the browser accepts, and the file itself to a browser that takes neither."""

import gzip

import brotli
import pytest

SCRIPT = "export const words = 'wat was, wat is en wat Drenthe worden kan';\n" * 40


@pytest.fixture
def compressed_build(built):
    script = built / "assets" / "app-abc123.js"
    script.write_text(SCRIPT)
    (built / "assets" / "app-abc123.js.br").write_bytes(brotli.compress(SCRIPT.encode()))
    (built / "assets" / "app-abc123.js.gz").write_bytes(gzip.compress(SCRIPT.encode()))
    return built


def fetch(client, path, accept_encoding):
    with client.get(path, headers={"Accept-Encoding": accept_encoding}) as response:
        body = response.get_data()
    return response, body


def test_browser_taking_brotli_gets_the_brotli_copy_as_a_script(client, compressed_build):
    response, body = fetch(client, "/assets/app-abc123.js", "gzip, deflate, br")
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert response.mimetype == "text/javascript"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert brotli.decompress(body).decode() == SCRIPT


def test_browser_without_brotli_gets_the_gzip_copy(client, compressed_build):
    response, body = fetch(client, "/assets/app-abc123.js", "gzip, deflate")
    assert response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body).decode() == SCRIPT


def test_browser_refusing_brotli_gets_gzip(client, compressed_build):
    response, _body = fetch(client, "/assets/app-abc123.js", "br;q=0, gzip")
    assert response.headers["Content-Encoding"] == "gzip"


def test_browser_taking_no_encoding_gets_the_file_itself(client, compressed_build):
    response, body = fetch(client, "/assets/app-abc123.js", "identity")
    assert "Content-Encoding" not in response.headers
    assert response.mimetype == "text/javascript"
    assert body.decode() == SCRIPT


def test_file_without_compressed_copy_goes_as_it_is(client, compressed_build):
    response, body = fetch(client, "/assets/index-abc123.js", "gzip, br")
    assert "Content-Encoding" not in response.headers
    assert body == b"console.log(1)"
