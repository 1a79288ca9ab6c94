"""Every platform connector, by platform. Adding a platform = copying a sibling package."""

from __future__ import annotations

from whitecoat.connectors.base import Connector
from whitecoat.connectors.bluesky.connector import BlueskyConnector
from whitecoat.connectors.instagram.connector import InstagramConnector
from whitecoat.connectors.linkedin.connector import LinkedInConnector
from whitecoat.connectors.mastodon.connector import MastodonConnector
from whitecoat.connectors.threads.connector import ThreadsConnector
from whitecoat.connectors.tiktok.connector import TikTokConnector
from whitecoat.connectors.x.connector import XConnector
from whitecoat.connectors.youtube.connector import YouTubeConnector

CONNECTORS: dict[str, type[Connector]] = {
    connector.platform: connector
    for connector in (
        XConnector,
        LinkedInConnector,
        InstagramConnector,
        TikTokConnector,
        YouTubeConnector,
        ThreadsConnector,
        BlueskyConnector,
        MastodonConnector,
    )
}


def connector_class(platform: str) -> type[Connector] | None:
    return CONNECTORS.get(platform)


# Extra headers every call to a platform carries.
PLATFORM_HEADERS: dict[str, dict[str, str]] = {
    "linkedin": {"LinkedIn-Version": "202511", "X-Restli-Protocol-Version": "2.0.0"},
}
