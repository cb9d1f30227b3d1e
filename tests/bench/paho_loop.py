#!/usr/bin/python3
"""The tutorial's way: a paho-mqtt client and a loop that reads every channel each interval,
builds the JSON and publishes it at QoS 1 (Debian's python3-paho-mqtt).

    paho_loop.py HOST PORT CHANNELS INTERVAL_S SECONDS
"""
import sys
import time

import paho.mqtt.client as mqtt

import payloads


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    channels = payloads.channel_names(int(sys.argv[3]))
    interval = float(sys.argv[4])
    seconds = float(sys.argv[5])

    client = mqtt.Client()
    client.connect(host, port, 60)
    client.loop_start()  # the network thread that sends and takes the PUBACKs

    started = time.time()
    start = time.monotonic()
    seq = 0
    tick = 0
    while time.monotonic() - start < seconds:
        seq += 1
        now = time.time()
        for sensor, channel in channels:
            payload = payloads.reading("bench", sensor, channel, seq, now, started)
            client.publish("bench/python/%s/%s" % (sensor, channel),
                           payload=payloads.encode(payload), qos=1)
        tick += 1
        delay = start + tick * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    client.loop_stop()
    client.disconnect()


if __name__ == "__main__":
    main()
