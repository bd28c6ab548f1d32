"""Walks over pages that cannot loop or flood (bot.paging), on made-up replies."""

from __future__ import annotations

from bot.paging import BackwardWalk, after_cursor, comparable, cut_newest, cut_oldest, id_key
from bot.replies import LastReply

BASE = "https://bot.example"


def reply_with_next(url: str | None) -> LastReply:
    links = {"next": {"url": url, "rel": "next"}} if url else {}
    return LastReply(status=200, url=BASE, links=links)


def test_ids_sort_as_every_server_spells_them() -> None:
    snowflakes = ["9", "10", "109000000000000002", "109000000000000010"]
    assert sorted(reversed(snowflakes), key=id_key) == snowflakes
    ulids = ["01M8BVM4G0779VGXBD00000002", "01M8BVM4G0779VGXBD0000000A"]
    assert sorted(reversed(ulids), key=id_key) == ulids
    snac = ["179611110800000000000001", "179611110900000000000002"]
    assert sorted(reversed(snac), key=id_key) == snac
    assert not comparable("0" * 31 + "a", "f" * 32)  # md5 ids have no order
    assert comparable("10", "9")


def test_only_items_past_the_cursor_are_kept() -> None:
    ids = ["15", "12", "9", "3"]
    assert after_cursor(ids, ids, "9") == ["15", "12"]
    assert after_cursor(ids, ids, None) == ids
    assert after_cursor(ids, ids, "15") == []


def test_oversized_pages_are_cut_on_the_right_side() -> None:
    newest_first = list(range(10, 0, -1))
    assert cut_oldest(newest_first, 3) == [3, 2, 1]  # min_id: the ones right after the cursor
    assert cut_newest(newest_first, 3) == [10, 9, 8]  # max_id: the newest
    assert cut_oldest([1, 2], 3) == [1, 2]


def test_an_honest_walk_goes_back_until_there_is_no_next() -> None:
    walk = BackwardWalk(BASE)
    assert walk.next_cursor(reply_with_next(f"{BASE}/api/v1/x?limit=80&max_id=500")) == "500"
    assert walk.next_cursor(reply_with_next(f"{BASE}/api/v1/x?max_id=420")) == "420"
    assert walk.next_cursor(reply_with_next(None)) is None
    assert walk.stopped is None


def test_a_link_to_another_host_stops_the_walk() -> None:
    walk = BackwardWalk(BASE)
    assert walk.next_cursor(reply_with_next("https://evil.example/api/v1/x?max_id=1")) is None
    assert walk.stopped is not None and "another host" in walk.stopped
    plain = BackwardWalk(BASE)
    assert plain.next_cursor(reply_with_next("http://bot.example/api/v1/x?max_id=1")) is None
    assert plain.stopped is not None  # not even the same host without TLS


def test_a_cursor_that_repeats_or_moves_forward_stops_the_walk() -> None:
    walk = BackwardWalk(BASE, start="500")
    assert walk.next_cursor(reply_with_next(f"{BASE}/x?max_id=500")) is None
    assert walk.stopped == "a cursor came back"
    forward = BackwardWalk(BASE)
    assert forward.next_cursor(reply_with_next(f"{BASE}/x?max_id=400")) == "400"
    assert forward.next_cursor(reply_with_next(f"{BASE}/x?max_id=450")) is None
    assert forward.stopped == "a cursor went forward instead of back"


def test_md5_cursors_only_have_to_be_new() -> None:
    walk = BackwardWalk(BASE)
    first, second = "f" * 32, "0" * 32
    assert walk.next_cursor(reply_with_next(f"{BASE}/x?max_id={second}")) == second
    assert walk.next_cursor(reply_with_next(f"{BASE}/x?max_id={first}")) == first


def test_a_walk_has_a_page_limit() -> None:
    walk = BackwardWalk(BASE, max_pages=3)
    cursors = [walk.next_cursor(reply_with_next(f"{BASE}/x?max_id={n}")) for n in (9, 8, 7)]
    assert cursors == ["9", "8", None]
    assert walk.stopped == "more than 3 pages"
