"""What stories tell the capabilities that build on them, as blinker signals.

`story_deleted` is sent once for every deletion — by its author, a moderator, an account's
erasure or a withdrawn consent — before the story's content is removed, inside the same
transaction. Subscribers clean up what they keep about the story (media: its files; community:
its reactions, comments and reports; moderation: the audit trail) and must not commit.

    @story_deleted.connect
    def _forget(story, *, session, by, action, from_status): ...
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: sender: the Story; kwargs: session, by (the User who deleted it, or None for an erasure),
#: action ("delete" or "withdraw-consent"), from_status (its status before).
story_deleted = _signals.signal("story-deleted")

#: Asked before an anonymous create's retry is answered with the story that create made (only
#: its client UUID ties the two, and anyone who saw a public link knows it). sender: the Story;
#: kwargs: session. A receiver returns True if something has happened to the story since (a
#: decision, a hide, an anonymisation); the retry is then refused with 409.
story_changed_since_created = _signals.signal("story-changed-since-created")
