#!/usr/bin/python3
"""Writes reading payloads to stdout, one per line, at a fixed rate: the input of
`mosquitto_pub -l`. Its own CPU time is not part of mosquitto_pub's figures.

    feeder.py RATE SECONDS [CHANNELS]
"""
import sys
import time

import payloads


def main():
    rate = float(sys.argv[1])
    seconds = float(sys.argv[2])
    channels = payloads.channel_names(int(sys.argv[3]) if len(sys.argv) > 3 else 100)
    pacer = payloads.Pacer(rate)
    started = time.time()
    seq = {}
    out = sys.stdout
    next_channel = 0
    try:
        while time.monotonic() - pacer.start < seconds:
            lines = []
            now = time.time()
            for _ in range(pacer.wait()):
                sensor, channel = channels[next_channel]
                next_channel = (next_channel + 1) % len(channels)
                n = seq[(sensor, channel)] = seq.get((sensor, channel), 0) + 1
                lines.append(payloads.encode(payloads.reading("bench", sensor, channel, n, now,
                                                              started)))
            out.write("\n".join(lines) + "\n")
            out.flush()
    except BrokenPipeError:
        pass


if __name__ == "__main__":
    main()
