#!/usr/bin/env python3
"""Prints sensor-agent readings as they arrive, one "TOPIC VALUE UNIT (seq N)" line each.

The tutorial's paho-mqtt subscriber, for sensor-agent's JSON payloads (python3-paho-mqtt).
"""
import argparse
import json
import sys

import paho.mqtt.client as mqtt


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--port", type=int, default=1883)
    parser.add_argument("--username")
    parser.add_argument("--password")
    parser.add_argument("--topic", default="sensors/#")
    parser.add_argument("--qos", type=int, default=1)
    parser.add_argument("--count", type=int, default=0, help="stop after this many readings")
    args = parser.parse_args()
    received = 0

    def on_connect(client, userdata, flags, rc):
        if rc != 0:
            print("connection refused: " + mqtt.connack_string(rc), file=sys.stderr)
            client.disconnect()
            return
        # Subscribing here subscribes again after every reconnect.
        client.subscribe(args.topic, qos=args.qos)

    def on_message(client, userdata, msg):
        nonlocal received
        try:
            reading = json.loads(msg.payload)
        except ValueError:
            return  # "online"/"offline" on the status topics
        if not isinstance(reading, dict) or "channel" not in reading:
            return  # {topic_prefix}/health and other non-readings
        print(f'{msg.topic} {reading["value"]} {reading["unit"]} (seq {reading["seq"]}, qos {msg.qos})',
              flush=True)
        received += 1
        if args.count and received >= args.count:
            client.disconnect()

    client = mqtt.Client()
    if args.username:
        client.username_pw_set(args.username, args.password)
    client.on_connect = on_connect
    client.on_message = on_message
    client.connect(args.host, args.port, 60)
    client.loop_forever()
    return 0 if not args.count or received >= args.count else 1


if __name__ == "__main__":
    sys.exit(main())
