"""Reading payloads shaped like sensor-agent's (reading-v1), for the programs compared with it.

The same fields, the same kind of values (a sine in full double precision, as the sim driver
with the default precision publishes them) and about the same size, so that every program sends
the same bytes per message.
"""
import json
import math
import time
import uuid

BOOT = str(uuid.uuid4())


def timestamp(now):
    ms = int(now * 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + ".%03dZ" % (ms % 1000)


def channel_names(channels, per_sensor=10):
    """(sensor, channel) pairs, named as the suite's agent config names them."""
    return [("s%03d" % (i // per_sensor), "c%d" % (i % per_sensor)) for i in range(channels)]


def reading(device, sensor, channel, seq, now, started):
    value = 50.0 + 50.0 * math.sin(2 * math.pi * (now - started) / 60.0)
    return {
        "v": 1,
        "device": device,
        "sensor": sensor,
        "channel": channel,
        "value": value,
        "unit": "C",
        "ts": timestamp(now),
        "seq": seq,
        "boot": BOOT,
    }


def encode(payload):
    return json.dumps(payload, separators=(",", ":"))


class Pacer:
    """Yields batches so that `rate` items per second go out on an absolute schedule."""

    def __init__(self, rate, tick=0.01):
        self.per_tick = max(1, int(round(rate * tick)))
        self.tick = self.per_tick / rate
        self.start = time.monotonic()
        self.index = 0

    def wait(self):
        self.index += 1
        delay = self.start + self.index * self.tick - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        return self.per_tick
