"""Photo uploads: real phone-like files in, upright, metadata-free derivatives out."""

from __future__ import annotations

import io
import uuid

import pytest
import sqlalchemy as sa
from PIL import Image

from tests.conftest import PASSWORD, assert_problem
from tests.media_files import (
    BLUE,
    GPS_ASSEN,
    GREEN,
    RED,
    close_to,
    colour_at,
    decode,
    halves,
    heic,
    jpeg,
    png,
    stored_keys,
    upload,
    webp_animated,
)
from verhalenkaart.media.models import Photo
from verhalenkaart.stories.models import Status


def _file(client, url: str) -> bytes:
    with client.get(url) as response:
        assert response.status_code == 200, url
        return response.data


def _status(client, url: str) -> int:
    with client.get(url) as response:
        return response.status_code


def _derivatives(client, body: dict) -> dict[str, bytes]:
    return {name: _file(client, url) for name, url in body["urls"].items()}


def test_upload_answers_with_the_contract_shape(client, story, media_storage):
    response = upload(client, story, jpeg((600, 400)), caption="De Brink", alt="Een plein")
    assert response.status_code == 201, response.json
    body = response.json
    assert set(body) == {
        "id",
        "position",
        "urls",
        "width",
        "height",
        "caption",
        "alt",
        "suggestion",
    }
    assert set(body["urls"]) == {"thumb", "medium", "large"}
    assert body["position"] == 0
    assert (body["width"], body["height"]) == (600, 400)
    assert body["caption"] == "De Brink"
    assert body["alt"] == "Een plein"
    assert body["suggestion"] is None
    assert all(url.startswith("/media/photos/") for url in body["urls"].values())
    uuid.UUID(body["id"])


def test_derivatives_have_the_promised_formats_and_sizes(client, story, media_storage):
    body = upload(client, story, jpeg((4000, 3000))).json
    files = _derivatives(client, body)
    large, medium, thumb = (decode(files[n]) for n in ("large", "medium", "thumb"))
    assert (large.format, large.size) == ("JPEG", (2560, 1920))
    assert (medium.format, medium.size) == ("WEBP", (1280, 960))
    assert (thumb.format, thumb.size) == ("WEBP", (400, 300))
    assert (body["width"], body["height"]) == (2560, 1920)
    assert body["urls"]["large"].endswith(".jpg")
    assert body["urls"]["thumb"].endswith(".webp")


def test_small_photos_are_not_enlarged(client, story, media_storage):
    body = upload(client, story, jpeg((300, 200))).json
    files = _derivatives(client, body)
    assert decode(files["large"]).size == (300, 200)
    assert decode(files["thumb"]).size == (300, 200)


def test_portrait_jpeg_with_exif_orientation_6_comes_out_upright(client, story, media_storage):
    # Stored landscape, left half red; orientation 6 means "turn 90° clockwise to view":
    # the viewer sees a portrait photo with red on top.
    body = upload(client, story, jpeg((800, 600), orientation=6)).json
    assert (body["width"], body["height"]) == (600, 800)
    for name, data in _derivatives(client, body).items():
        image = decode(data)
        assert image.height > image.width, name
        assert close_to(colour_at(image, 0.5, 0.1), RED), name
        assert close_to(colour_at(image, 0.5, 0.9), BLUE), name
        assert image.getexif().get(0x0112) in (None, 1), name


def test_gps_and_every_other_metadata_are_stripped(client, story, media_storage):
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = jpeg((1600, 1200), gps=GPS_ASSEN, taken="2024:06:01 14:30:00", icc_profile=icc)
    assert decode(data).info.get("icc_profile")
    assert b"PhoneMaker" in data
    body = upload(client, story, data).json
    for name, blob in _derivatives(client, body).items():
        image = decode(blob)
        assert len(image.getexif()) == 0, name
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info), name
        for secret in (b"Exif", b"PhoneMaker", b"GPS"):
            assert secret not in blob, name


def test_gps_position_and_capture_time_come_back_as_a_suggestion(client, story, media_storage):
    data = jpeg((640, 480), gps=GPS_ASSEN, taken="2024:06:01 14:30:00")
    body = upload(client, story, data).json
    assert body["suggestion"] == {
        "lon": pytest.approx(6.5625, abs=1e-4),
        "lat": pytest.approx(52.9925, abs=1e-4),
        "taken_at": "2024-06-01T14:30:00+02:00",
    }
    # ... and is never stored: the story keeps its own location, the Feature has no suggestion.
    feature = client.get(f"/api/v1/stories/{story.uuid}").json
    assert "suggestion" not in feature["properties"]["photos"][0]


def test_cmyk_jpeg_becomes_rgb(client, story, media_storage):
    cmyk = Image.new("CMYK", (400, 300), (0, 255, 255, 0))  # red in CMYK
    body = upload(client, story, jpeg(image=cmyk)).json
    for data in _derivatives(client, body).values():
        image = decode(data)
        assert image.mode == "RGB"
        assert close_to(colour_at(image, 0.5, 0.5), (255, 0, 0), tolerance=60)


def test_sixteen_bit_png_is_scaled_not_clipped(client, story, media_storage):
    grey16 = Image.new("I;16", (400, 300), 32768)  # 50% grey in 16 bits
    response = upload(client, story, png(grey16), name="scan.png")
    assert response.status_code == 201, response.json
    medium = decode(_file(client, response.json["urls"]["medium"]))
    assert close_to(colour_at(medium, 0.5, 0.5), (128, 128, 128), tolerance=10)


def test_png_transparency_is_kept_in_webp_and_flattened_on_white_in_jpeg(
    client, story, media_storage
):
    image = Image.new("RGBA", (400, 300), (0, 0, 0, 0))
    image.paste((20, 200, 20, 255), (0, 0, 200, 300))
    body = upload(client, story, png(image), name="logo.png").json
    files = _derivatives(client, body)
    medium = decode(files["medium"])
    assert medium.mode == "RGBA"
    assert medium.getpixel((medium.width - 5, 5))[3] == 0
    large = decode(files["large"])
    assert large.mode == "RGB"
    assert close_to(colour_at(large, 0.9, 0.5), (255, 255, 255))
    assert close_to(colour_at(large, 0.1, 0.5), GREEN)


def test_animated_webp_keeps_its_first_frame(client, story, media_storage):
    body = upload(client, story, webp_animated(), name="anim.webp").json
    for data in _derivatives(client, body).values():
        image = decode(data)
        assert getattr(image, "n_frames", 1) == 1
        assert close_to(colour_at(image, 0.5, 0.5), RED)


def test_heic_from_an_iphone_is_accepted(client, story, media_storage):
    data = heic((600, 400), gps=GPS_ASSEN, taken="2025:01:02 09:15:00")
    response = upload(client, story, data, name="IMG_0001.HEIC")
    # Made by a job (test_photos_heic_job.py), which the suite runs at once.
    assert response.status_code == 202, response.json
    body = response.json
    assert body["suggestion"]["lat"] == pytest.approx(52.9925, abs=1e-4)
    (photo,) = client.get(f"/api/v1/stories/{story.uuid}").json["properties"]["photos"]
    assert photo["id"] == body["id"]
    large = decode(_file(client, photo["urls"]["large"]))
    assert large.format == "JPEG"
    assert large.size == (600, 400)
    assert close_to(colour_at(large, 0.1, 0.5), RED, tolerance=60)
    assert len(large.getexif()) == 0


def test_a_multi_picture_phone_jpeg_uses_its_main_picture(client, story, media_storage):
    # Phones add depth maps or HDR gain maps as extra pictures (Pillow calls the file MPO).
    main, extra = halves((800, 600)), Image.new("RGB", (200, 150), GREEN)
    out = io.BytesIO()
    main.save(out, "MPO", save_all=True, append_images=[extra])
    response = upload(client, story, out.getvalue())
    assert response.status_code == 201, response.json
    large = decode(_file(client, response.json["urls"]["large"]))
    assert large.size == (800, 600)
    assert close_to(colour_at(large, 0.1, 0.5), RED)


def test_type_is_decided_by_content_not_by_name_or_content_type(client, story, media_storage):
    data = png(halves((300, 200)))
    fields = {"file": (io.BytesIO(data), "holiday.jpg", "image/jpeg")}
    response = client.post(
        f"/api/v1/stories/{story.uuid}/photos", data=fields, content_type="multipart/form-data"
    )
    assert response.status_code == 201, response.json


def test_photos_appear_in_order_in_the_story_feature_and_the_list(
    app, client, story, media_storage, monkeypatch
):
    monkeypatch.setitem(app.config, "MODERATION", "post")  # the story stays public
    first = upload(client, story, jpeg((500, 400)), caption="Eerste").json
    second = upload(client, story, jpeg((400, 500)), caption="Tweede").json
    photos = client.get(f"/api/v1/stories/{story.uuid}").json["properties"]["photos"]
    assert [p["id"] for p in photos] == [first["id"], second["id"]]
    assert [p["position"] for p in photos] == [0, 1]
    expected = {k: v for k, v in first.items() if k != "suggestion"}
    assert photos[0] == expected
    listed = client.get("/api/v1/stories").json["features"]
    assert listed[0]["properties"]["photos"] == photos


def test_list_features_with_photos_and_audio_equal_the_detail(
    app, client, story, media_storage, make_story, author, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "MODERATION", "post")  # the story stays public
    from tests.media_files import recording

    upload(client, story, jpeg((500, 400)), caption='Één "quote" & <tag>', alt="ä")
    upload(client, story, jpeg((400, 500)))
    upload(client, story, recording(tmp_path, "ogg", 1.0), name="a.ogg", kind="audio")
    other = make_story(author=author, title="Zonder foto's")
    anonymous = app.test_client()
    listed = {f["id"]: f for f in client.get("/api/v1/stories").json["features"]}
    for item in (story, other):
        detail = anonymous.get(f"/api/v1/stories/{item.uuid}").json
        assert listed[str(item.uuid)] == detail
    assert len(listed[str(story.uuid)]["properties"]["photos"]) == 2
    assert len(listed[str(story.uuid)]["properties"]["audio"]) == 1


def test_served_files_are_immutable_typed_and_not_sniffed(client, story, media_storage):
    body = upload(client, story, jpeg((500, 400))).json
    for name, content_type in (("thumb", "image/webp"), ("large", "image/jpeg")):
        with client.get(body["urls"][name]) as response:
            assert response.status_code == 200
            assert response.mimetype == content_type
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert "immutable" in response.headers["Cache-Control"]
            assert "max-age=31536000" in response.headers["Cache-Control"]
            etag = response.headers["ETag"]
        with client.get(body["urls"][name], headers={"If-None-Match": etag}) as again:
            assert again.status_code == 304


def test_unknown_or_malformed_media_paths_are_404(client, media_storage):
    assert_problem(client.get("/media/photos/ab/" + "a" * 64 + ".webp"), 404)
    assert_problem(client.get("/media/../secret_key"), 404)
    assert_problem(client.get("/media/photos/ab/notahash.webp"), 404)


def test_the_same_photo_twice_gets_files_of_its_own(client, story, media_storage):
    data = jpeg((500, 400))
    first = upload(client, story, data).json
    second = upload(client, story, data).json
    assert set(first["urls"].values()).isdisjoint(second["urls"].values())
    response = client.delete(f"/api/v1/stories/{story.uuid}/photos/{first['id']}")
    assert response.status_code == 204
    assert _status(client, first["urls"]["large"]) == 404
    assert _status(client, second["urls"]["large"]) == 200
    client.delete(f"/api/v1/stories/{story.uuid}/photos/{second['id']}")
    assert stored_keys(media_storage) == set()


def test_nobody_can_probe_whether_another_story_holds_an_identical_photo(
    app, client, make_user, make_story, media_storage
):
    """The probe of content-addressed keys: upload someone's photo to your own story, delete it,
    fetch its URL — still served meant another story holds the same bytes."""
    data = jpeg((640, 480))
    owner = make_user("resident")
    theirs = make_story(author=owner, title="Van een ander")
    with app.test_client() as other:
        other.post("/api/v1/auth/login", json={"email": owner.email, "password": PASSWORD})
        assert upload(other, theirs, data).status_code == 201
    prober = make_user("resident")
    client.post("/api/v1/auth/login", json={"email": prober.email, "password": PASSWORD})
    mine = make_story(author=prober, title="Van mij")
    probe = upload(client, mine, data).json
    assert client.delete(f"/api/v1/stories/{mine.uuid}/photos/{probe['id']}").status_code == 204
    for url in probe["urls"].values():
        assert _status(client, url) == 404


def test_rows_sharing_a_file_of_an_earlier_release_keep_it_until_the_last_goes(
    client, story, session, media_storage
):
    """Earlier releases gave identical photos one content-addressed file; such rows exist."""
    first = upload(client, story, jpeg((500, 400))).json
    second = upload(client, story, jpeg((500, 400))).json
    rows = {
        str(p.uuid): p for p in session.scalars(sa.select(Photo).where(Photo.story_id == story.id))
    }
    shared = rows[first["id"]]
    session.execute(
        sa.update(Photo)
        .where(Photo.id == rows[second["id"]].id)
        .values(
            thumb_key=shared.thumb_key, medium_key=shared.medium_key, large_key=shared.large_key
        )
    )
    session.commit()
    assert client.delete(f"/api/v1/stories/{story.uuid}/photos/{first['id']}").status_code == 204
    assert _status(client, first["urls"]["large"]) == 200  # the other row still uses it
    assert client.delete(f"/api/v1/stories/{story.uuid}/photos/{second['id']}").status_code == 204
    assert _status(client, first["urls"]["large"]) == 404
    # Left: the second upload's own files, orphaned by the rewrite above (media check clears).
    assert stored_keys(media_storage) == {
        u.removeprefix("/media/") for u in second["urls"].values()
    }


def test_a_story_takes_at_most_the_configured_number_of_photos(
    app, client, story, media_storage, monkeypatch
):
    monkeypatch.setitem(app.config, "MAX_PHOTOS_PER_STORY", 2)
    for size in ((300, 200), (310, 200)):
        assert upload(client, story, jpeg(size)).status_code == 201
    before = stored_keys(media_storage)
    assert_problem(upload(client, story, jpeg((320, 200))), 409, "file")
    assert stored_keys(media_storage) == before


def test_patch_changes_caption_alt_and_order(client, story, media_storage):
    ids = [upload(client, story, jpeg((300 + i, 200))).json["id"] for i in range(3)]
    url = f"/api/v1/stories/{story.uuid}/photos/{ids[2]}"
    response = client.patch(url, json={"caption": "Nu eerst", "alt": "Een boom", "position": 0})
    assert response.status_code == 200, response.json
    assert response.json["caption"] == "Nu eerst"
    assert response.json["alt"] == "Een boom"
    assert "suggestion" not in response.json
    photos = client.get(f"/api/v1/stories/{story.uuid}").json["properties"]["photos"]
    assert [p["id"] for p in photos] == [ids[2], ids[0], ids[1]]
    assert [p["position"] for p in photos] == [0, 1, 2]


def test_patch_rejects_invalid_fields(client, story, media_storage):
    photo = upload(client, story, jpeg()).json
    url = f"/api/v1/stories/{story.uuid}/photos/{photo['id']}"
    assert_problem(client.patch(url, json={"position": -1}), 422, "position")
    assert_problem(client.patch(url, json={"caption": "x" * 501}), 422, "caption")
    # 1.5 was truncated to 1; a position beyond int4 overflowed in the driver.
    assert_problem(client.patch(url, json={"position": 1.5}), 422, "position")
    assert_problem(client.patch(url, json={"position": "1"}), 422, "position")
    assert_problem(client.patch(url, json={"position": 2**31}), 422, "position")


def test_delete_removes_row_and_files_and_renumbers(client, story, media_storage):
    first = upload(client, story, jpeg((300, 200))).json
    second = upload(client, story, jpeg((310, 200))).json
    response = client.delete(f"/api/v1/stories/{story.uuid}/photos/{first['id']}")
    assert response.status_code == 204
    assert _status(client, first["urls"]["thumb"]) == 404
    photos = client.get(f"/api/v1/stories/{story.uuid}").json["properties"]["photos"]
    assert [(p["id"], p["position"]) for p in photos] == [(second["id"], 0)]
    assert len(stored_keys(media_storage)) == 3


def test_deleting_the_story_removes_its_files(client, story, media_storage, tmp_path):
    from tests.media_files import recording

    upload(client, story, jpeg((300, 200)))
    upload(client, story, recording(tmp_path, "mp3", 1.0), name="a.mp3", kind="audio")
    assert len(stored_keys(media_storage)) == 4
    assert client.delete(f"/api/v1/stories/{story.uuid}").status_code == 204
    assert stored_keys(media_storage) == set()


def test_story_list_and_map_hide_photos_of_unpublished_stories(
    client, make_story, author, media_storage
):
    pending = make_story(author=author, status=Status.PENDING, title="Wacht")
    assert upload(client, pending, jpeg()).status_code == 201
    assert client.get("/api/v1/stories").json["features"] == []


def test_new_media_send_a_published_story_back_to_review(client, story, media_storage):
    assert story.status == Status.PUBLISHED
    photo = upload(client, story, jpeg()).json
    feature = client.get(f"/api/v1/stories/{story.uuid}").json
    assert feature["properties"]["status"] == Status.PENDING
    assert client.get("/api/v1/stories").json["features"] == []
    assert photo["urls"]


def test_with_post_moderation_new_media_stay_public(app, client, story, media_storage, monkeypatch):
    monkeypatch.setitem(app.config, "MODERATION", "post")
    upload(client, story, jpeg())
    listed = client.get("/api/v1/stories").json["features"]
    assert [f["id"] for f in listed] == [str(story.uuid)]
    assert len(listed[0]["properties"]["photos"]) == 1


def test_a_pupils_media_wait_for_the_teacher_under_post_moderation_too(
    app, client, make_user, login, make_story, session, media_storage, monkeypatch
):
    """A pupil is a minor: their new photo, or a changed caption, is reviewed first even where
    residents' changes go public at once (the same rule as a text edit)."""
    monkeypatch.setitem(app.config, "MODERATION", "post")
    pupil = make_user("pupil", display_name="Leerling")
    login(pupil)
    story = make_story(author=pupil, title="Onze school")  # published by the teacher earlier
    photo = upload(client, story, jpeg(), caption="Dit ben ik").json
    assert client.get(f"/api/v1/stories/{story.uuid}").json["properties"]["status"] == "pending"
    assert client.get("/api/v1/stories").json["features"] == []

    published = make_story(author=pupil, title="Ons dorp")
    url = f"/api/v1/stories/{story.uuid}/photos/{photo['id']}"
    session.refresh(story)
    story.status = Status.PUBLISHED  # the teacher approved the photo
    session.commit()
    assert client.patch(url, json={"caption": "Dit ben ik, Dorpsstraat 4"}).status_code == 200
    assert client.get(f"/api/v1/stories/{story.uuid}").json["properties"]["status"] == "pending"
    assert [f["id"] for f in client.get("/api/v1/stories").json["features"]] == [
        str(published.uuid)
    ]


def test_new_media_on_a_rejected_story_send_it_back_to_the_queue(
    client, make_story, author, media_storage
):
    rejected = make_story(author=author, status=Status.REJECTED, title="Te veel detail")
    assert upload(client, rejected, jpeg()).status_code == 201
    assert client.get(f"/api/v1/stories/{rejected.uuid}").json["properties"]["status"] == "pending"


def test_a_curators_own_media_need_no_review(client, make_user, login, make_story, media_storage):
    curator = make_user("curator", display_name="Conservator")
    login(curator)
    story = make_story(author=curator, title="Tentoonstelling")
    assert upload(client, story, jpeg()).status_code == 201
    assert client.get(f"/api/v1/stories/{story.uuid}").json["properties"]["status"] == "published"


def test_media_url_can_point_at_a_bucket_or_cdn(app, client, story, media_storage, monkeypatch):
    monkeypatch.setitem(app.config, "MODERATION", "post")
    monkeypatch.setitem(app.config, "MEDIA_URL", "https://media.example.org/drenthe/")
    body = upload(client, story, jpeg()).json
    assert body["urls"]["thumb"].startswith("https://media.example.org/drenthe/photos/")
    listed = client.get("/api/v1/stories").json["features"][0]["properties"]["photos"]
    detail = client.get(f"/api/v1/stories/{story.uuid}").json["properties"]["photos"]
    assert listed == detail
    assert listed[0]["urls"] == body["urls"]


def test_a_moderator_removing_a_photo_is_in_the_audit_trail(
    client, app, make_user, make_story, media_storage
):
    resident = make_user("resident", display_name="Fotograaf")
    curator = make_user("curator")
    story = make_story(author=resident)
    with app.test_client() as author_client:
        author_client.post(
            "/api/v1/auth/login", json={"email": resident.email, "password": PASSWORD}
        )
        photo = upload(author_client, story, jpeg()).get_json()
    client.post("/api/v1/auth/login", json={"email": curator.email, "password": PASSWORD})
    url = f"/api/v1/stories/{story.uuid}/photos/{photo['id']}"
    assert client.delete(url).status_code == 204
    assert stored_keys(media_storage) == set()
    events = client.get("/api/v1/moderation/audit?action=remove-photo").get_json()["events"]
    assert [(e["item"]["id"], e["moderator"]["id"]) for e in events] == [
        (str(story.uuid), curator.id)
    ]
