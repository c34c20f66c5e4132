"""The portal's cache in Redis clears only its own keys."""

from django.core.cache import cache


def test_clearing_the_cache_leaves_other_keys_in_the_same_redis_database_alone():
    client = cache._cache.get_client(write=True)
    others = [b"another-app:queue", f"{cache.key_prefix}2:1:page".encode()]  # another app; another portal
    ours = [f"greeting{n}" for n in range(1500)]  # more than one batch
    try:
        for key in others:
            client.set(key, b"kept")
        cache.set_many({key: "hello" for key in ours})
        assert cache.get("greeting1499") == "hello"

        cache.clear()

        assert cache.get_many(ours) == {}
        assert [client.get(key) for key in others] == [b"kept"] * len(others)
    finally:
        client.delete(*others)
