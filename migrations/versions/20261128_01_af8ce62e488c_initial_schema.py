"""Create the stories, themes, places, users, projects and moderation schema.

Spatial columns and their indexes go through GeoAlchemy2's alembic helpers, so they are created
the right way on PostGIS (GiST) and on SpatiaLite (RecoverGeometryColumn + R*Tree). The 14 themes
of the Drenthe consultation are seeded here: the API and the PWA depend on their slugs.

Revision ID: af8ce62e488c
Revises:
Create Date: 2026-11-28 00:11:16.393107
"""

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry

revision = "af8ce62e488c"
down_revision = None
branch_labels = None
depends_on = None

THEMES = [
    # slug, Dutch name, English name, colour
    ("water-bodem", "Water & bodem", "Water & soil", "#1f6fb2"),
    ("beekdalen", "Beekdalen", "Brook valleys", "#3aa0c8"),
    ("landbouw", "Landbouw", "Farming", "#b8860b"),
    ("natuur", "Natuur", "Nature", "#2e7d32"),
    ("dorpen-steden", "Dorpen & steden", "Villages & towns", "#8d4f2a"),
    ("wonen", "Wonen", "Housing", "#c0392b"),
    ("mobiliteit", "Mobiliteit", "Mobility", "#5d6d7e"),
    ("erfgoed", "Erfgoed", "Heritage", "#7b4397"),
    ("energie", "Energie", "Energy", "#e67e22"),
    ("recreatie", "Recreatie", "Recreation", "#16a085"),
    ("naoberschap", "Naoberschap", "Neighbourliness", "#d35400"),
    ("rust-ruimte", "Rust & ruimte", "Peace & space", "#6c8e3c"),
    ("kunst-cultuur", "Kunst & cultuur", "Art & culture", "#ad1457"),
    ("gezondheid-bewegen", "Gezondheid & bewegen", "Health & exercise", "#00897b"),
]


def upgrade() -> None:
    op.create_geospatial_table(
        "places",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("search_name", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("municipality", sa.String(length=120), nullable=True),
        sa.Column("province", sa.String(length=120), nullable=True),
        sa.Column(
            "point",
            Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_places")),
        sa.UniqueConstraint("source", name="uq_places_source"),
    )
    op.create_geospatial_index(
        "idx_places_point",
        "places",
        ["point"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_index(op.f("ix_places_search_name"), "places", ["search_name"], unique=False)
    op.create_table(
        "themes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name_nl", sa.String(length=80), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("colour", sa.String(length=7), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_themes")),
        sa.UniqueConstraint("slug", name=op.f("uq_themes_slug")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("session_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role IN ('resident', 'pupil', 'teacher', 'curator', 'admin')",
            name=op.f("ck_users_role"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "moderation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_type", sa.String(length=16), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("moderator_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=True),
        sa.Column("from_status", sa.String(length=16), nullable=False),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["moderator_id"],
            ["users.id"],
            name=op.f("fk_moderation_events_moderator_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_events")),
    )
    op.create_index(
        "ix_moderation_events_item", "moderation_events", ["item_type", "item_id"], unique=False
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("teacher_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["teacher_id"],
            ["users.id"],
            name=op.f("fk_projects_teacher_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("slug", name=op.f("uq_projects_slug")),
    )
    op.create_geospatial_table(
        "stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("era_from", sa.Integer(), nullable=True),
        sa.Column("era_to", sa.Integer(), nullable=True),
        sa.Column("place_name", sa.String(length=160), nullable=True),
        sa.Column("origin_place", sa.String(length=160), nullable=True),
        sa.Column(
            "geom",
            Geometry(
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column(
            "point",
            Geometry(
                geometry_type="POINT",
                srid=4326,
                dimension=2,
                spatial_index=False,
                from_text="ST_GeomFromEWKT",
                name="geometry",
                nullable=False,
            ),
            nullable=False,
        ),
        sa.Column("location_precision", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("license", sa.String(length=32), nullable=False),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("consent_version", sa.String(length=32), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('memory', 'story', 'photo', 'wish')", name=op.f("ck_stories_kind")
        ),
        sa.CheckConstraint(
            "location_precision IN ('exact', 'approximate')",
            name=op.f("ck_stories_location_precision"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'published', 'rejected', 'hidden', 'deleted')",
            name=op.f("ck_stories_status"),
        ),
        sa.CheckConstraint(
            "era_to IS NULL OR era_from IS NULL OR era_to >= era_from", name=op.f("ck_stories_era")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_stories_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects.id"],
            name=op.f("fk_stories_project_id_projects"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
        sa.UniqueConstraint("uuid", name=op.f("uq_stories_uuid")),
    )
    op.create_geospatial_index(
        "idx_stories_geom",
        "stories",
        ["geom"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_geospatial_index(
        "idx_stories_point",
        "stories",
        ["point"],
        unique=False,
        postgresql_using="gist",
        postgresql_ops={},
    )
    op.create_index(op.f("ix_stories_author_id"), "stories", ["author_id"], unique=False)
    op.create_index(op.f("ix_stories_project_id"), "stories", ["project_id"], unique=False)
    op.create_index("ix_stories_status_id", "stories", ["status", "id"], unique=False)
    op.create_table(
        "story_themes",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_story_themes_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["themes.id"],
            name=op.f("fk_story_themes_theme_id_themes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("story_id", "theme_id", name=op.f("pk_story_themes")),
    )
    op.create_index(op.f("ix_story_themes_theme_id"), "story_themes", ["theme_id"], unique=False)

    themes = sa.table(
        "themes",
        sa.column("slug", sa.String),
        sa.column("name_nl", sa.String),
        sa.column("name_en", sa.String),
        sa.column("colour", sa.String),
        sa.column("position", sa.Integer),
    )
    op.bulk_insert(
        themes,
        [
            {"slug": slug, "name_nl": nl, "name_en": en, "colour": colour, "position": position}
            for position, (slug, nl, en, colour) in enumerate(THEMES, start=1)
        ],
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_story_themes_theme_id"), table_name="story_themes")
    op.drop_table("story_themes")
    op.drop_index("ix_stories_status_id", table_name="stories")
    op.drop_index(op.f("ix_stories_project_id"), table_name="stories")
    op.drop_index(op.f("ix_stories_author_id"), table_name="stories")
    op.drop_geospatial_index(
        "idx_stories_point", table_name="stories", postgresql_using="gist", column_name="point"
    )
    op.drop_geospatial_index(
        "idx_stories_geom", table_name="stories", postgresql_using="gist", column_name="geom"
    )
    op.drop_geospatial_table("stories")
    op.drop_table("projects")
    op.drop_index("ix_moderation_events_item", table_name="moderation_events")
    op.drop_table("moderation_events")
    op.drop_table("users")
    op.drop_table("themes")
    op.drop_index(op.f("ix_places_search_name"), table_name="places")
    op.drop_geospatial_index(
        "idx_places_point", table_name="places", postgresql_using="gist", column_name="point"
    )
    op.drop_geospatial_table("places")
