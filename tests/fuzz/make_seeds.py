#!/usr/bin/env python3
"""Writes the binary seeds of the queue fuzz targets (segment and ack log) in the on-disk formats
of agent/queue/record_format.h and ack_log.h. Run from tests/fuzz/ when the formats change."""
import struct
import zlib


def segment(records, first_id=1):
    head = struct.pack("<IHHQI", 0x47455351, 1, 24, first_id, 0)
    out = head + struct.pack("<I", zlib.crc32(head))
    for i, (topic, payload) in enumerate(records):
        topic, payload = topic.encode(), payload.encode()
        body = struct.pack("<QqBBHI", first_id + i, 1_700_000_000_000 + i, 1, 0, len(topic),
                           len(payload)) + topic + payload
        prefix = struct.pack("<II", 0x43455251, len(body))
        out += prefix + struct.pack("<I", zlib.crc32(body, zlib.crc32(prefix))) + body
    return out


def ack_log(ranges):
    out = struct.pack("<IHH", 0x4b434151, 1, 0)
    for first, last in ranges:
        rec = struct.pack("<IQQ", 0x52434151, first, last)
        out += rec + struct.pack("<I", zlib.crc32(rec))
    return out


readings = [("sensors/pi/wave/t", '{"v":1,"value":%d.5,"seq":%d}' % (i, i)) for i in range(1, 6)]
open("corpus/segment/five_records.seg", "wb").write(segment(readings))
open("corpus/segment/one_record.seg", "wb").write(segment(readings[:1], first_id=1))
open("corpus/ack_log/two_ranges.log", "wb").write(ack_log([(1, 3), (5, 9)]))
open("corpus/ack_log/empty.log", "wb").write(ack_log([]))
