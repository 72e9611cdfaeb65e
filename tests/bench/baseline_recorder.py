#!/usr/bin/python3
"""The straightforward recorder GateWatch's ingest is compared with (docs/BENCHMARKS.md).

What a competent engineer writes in an afternoon with Debian's python3-websockets and the
standard library: one asyncio task per terminal reads its event stream, parses each frame
with json, decodes the snapshot with base64 (strict), and queues a row; one writer task
inserts the queued rows with executemany and commits every 500 rows or 100 ms, into SQLite
in WAL mode with synchronous=NORMAL, the snapshot as a BLOB in the row. No thumbnails, no
de-duplication beyond a UNIQUE key, no reconnecting: a benchmark baseline, not a product.

    baseline_recorder.py --db FILE --events N URL...

Exits after N events are committed, printing how many and how fast to stdout; exit status 1
when a connection fails or a frame cannot be read.
"""

import argparse
import asyncio
import base64
import binascii
import json
import sqlite3
import sys
import time

import websockets

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    device_sn TEXT NOT NULL,
    timestamp_ms INTEGER NOT NULL,
    uuid TEXT,
    user_id TEXT,
    user_name TEXT,
    recognize_status INTEGER,
    recognize_score REAL,
    pass INTEGER,
    received_at_ms INTEGER NOT NULL,
    snapshot BLOB,
    UNIQUE (device_sn, timestamp_ms, uuid)
)
"""

INSERT = (
    "INSERT OR IGNORE INTO events (device_sn, timestamp_ms, uuid, user_id, user_name, "
    "recognize_status, recognize_score, pass, received_at_ms, snapshot) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def row_of(frame):
    envelope = json.loads(frame)
    if envelope.get("type") != 0:
        return None
    data = envelope["data"]
    user = data.get("user") or {}
    image = data.get("rgb_image")
    snapshot = base64.b64decode(image, validate=True) if image else None
    timestamp = int(data["timestamp"])
    if timestamp < 10_000_000_000:
        timestamp *= 1000
    return (
        data.get("deviceSN", ""),
        timestamp,
        data.get("uuid"),
        str(user.get("user_id")) if user.get("user_id") is not None else None,
        user.get("name"),
        data.get("recognizeStatus", data.get("recognitionType")),
        data.get("recognizeScore"),
        1 if data.get("pass") else 0,
        int(time.time() * 1000),
        snapshot,
    )


async def read_terminal(url, queue):
    async with websockets.connect(url, max_size=16 * 1024 * 1024, max_queue=64) as socket:
        async for frame in socket:
            row = row_of(frame)
            if row is not None:
                await queue.put(row)


async def write_rows(db, queue, wanted, started):
    committed = 0
    batch = []
    while committed < wanted:
        try:
            batch.append(await asyncio.wait_for(queue.get(), timeout=0.1))
            while len(batch) < 500 and not queue.empty():
                batch.append(queue.get_nowait())
        except asyncio.TimeoutError:
            pass
        if batch and (len(batch) >= 500 or queue.empty()):
            if started[0] is None:
                started[0] = time.monotonic()
            db.executemany(INSERT, batch)
            db.commit()
            committed += len(batch)
            batch = []
    return committed


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("urls", nargs="+")
    args = parser.parse_args()

    db = sqlite3.connect(args.db)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(SCHEMA)
    db.commit()

    queue = asyncio.Queue(maxsize=2000)
    started = [None]
    readers = [asyncio.create_task(read_terminal(url, queue)) for url in args.urls]
    writer = asyncio.create_task(write_rows(db, queue, args.events, started))
    done, _ = await asyncio.wait([writer, *readers], return_when=asyncio.FIRST_COMPLETED)
    if writer not in done:
        for task in done:
            if task.exception() is not None:
                print(f"baseline: a terminal failed: {task.exception()!r}", file=sys.stderr)
                return 1
        print("baseline: a terminal closed its stream early", file=sys.stderr)
        return 1
    committed = writer.result()
    seconds = time.monotonic() - started[0]
    for task in readers:
        task.cancel()
    db.close()
    print(f"baseline: {committed} events committed in {seconds:.2f} s "
          f"({committed / seconds:.0f} events/s)")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(asyncio.run(main()))
    except (json.JSONDecodeError, binascii.Error, KeyError, ValueError) as error:
        print(f"baseline: a frame could not be read: {error}", file=sys.stderr)
        sys.exit(1)
