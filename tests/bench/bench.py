#!/usr/bin/python3
"""sensor-agent's performance suite: see tests/bench/README.md. Run it through run.sh."""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import paho.mqtt.client as mqtt

import callgrind_self

HERE = os.path.dirname(os.path.abspath(__file__))
CLK_TCK = os.sysconf("SC_CLK_TCK")
READING_TOPIC = re.compile(r"^sensors/bench/s\d+/c\d+$")
# The steady-state row of the agent with the other MQTT client, `[broker] client = "paho"`
# (the default is libmosquitto).
AGENT_PAHO = "sensor-agent (client = paho)"


def log(text):
    print(text, file=sys.stderr, flush=True)


# --- measuring a process -------------------------------------------------------------------------

def cpu_seconds(pid):
    """utime + stime of every thread of the process, from /proc/PID/stat."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def memory(pid):
    """RSS and private dirty (bytes) from /proc/PID/smaps_rollup."""
    out = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            parts = line.split()
            if parts and parts[0] in ("Rss:", "Private_Dirty:", "Pss:"):
                out[parts[0][:-1].lower()] = int(parts[1]) * 1024
    return out


def mib(n):
    return n / (1 << 20)


# --- broker and the counting subscriber ---------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Broker:
    def __init__(self, workdir, port=None, name="broker", persistence=False):
        self.port = port or free_port()
        self.dir = os.path.join(workdir, name)
        os.makedirs(self.dir, exist_ok=True)
        conf = os.path.join(self.dir, "mosquitto.conf")
        with open(conf, "w") as f:
            f.write("listener %d 127.0.0.1\nallow_anonymous true\npersistence %s\n"
                    "persistence_location %s/\nmax_queued_messages 0\n"
                    "log_dest file %s/mosquitto.log\n" % (
                        self.port, "true" if persistence else "false", self.dir, self.dir))
        mosquitto = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        self.proc = subprocess.Popen([mosquitto, "-c", conf], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


class Counter:
    """Counts messages per kind as they reach a subscriber (QoS 1: none lost on the way)."""

    def __init__(self, port, client_id=None):
        self.lock = threading.Lock()
        self.counts = {}
        self.first = {}
        self.listeners = []
        self.health = []
        self.ts = {}  # topic -> list of ts strings (only while track_ts)
        self.track_ts = False
        self.replayed = 0
        self.first_replay = None
        self.last_replay = None
        ready = threading.Event()
        # With a client id: a persistent session, so a broker restarted with persistence keeps
        # what arrives before this subscriber is back.
        self.client = mqtt.Client(client_id=client_id or "", clean_session=client_id is None)
        self.client.reconnect_delay_set(0.1, 0.2)  # back at once when a broker restarts
        self.client.on_connect = lambda c, u, f, rc: c.subscribe([("sensors/#", 1), ("bench/#", 1)])
        self.client.on_subscribe = lambda c, u, m, q: ready.set()
        self.client.on_message = self._on_message
        self.client.connect("127.0.0.1", port, 60)
        self.client.loop_start()
        if not ready.wait(10):
            raise RuntimeError("subscriber did not subscribe")

    def _on_message(self, client, userdata, msg):
        topic = msg.topic
        if READING_TOPIC.match(topic):
            kind = "agent"
        elif topic.startswith("bench/mosquitto_pub"):
            kind = "mosquitto_pub"
        elif topic.startswith("bench/python/"):
            kind = "python"
        elif topic == "sensors/bench/health":
            with self.lock:
                self.health.append((time.monotonic(), json.loads(msg.payload)))
            return
        else:
            return
        now = time.monotonic()
        # A packed replay (queue.replay_pack) is a JSON array of readings, all replayed.
        packed = len(json.loads(msg.payload)) if msg.payload.startswith(b"[") else 0
        with self.lock:
            self.counts[kind] = self.counts.get(kind, 0) + max(1, packed)
            self.first.setdefault(kind, now)
            if self.track_ts and kind == "agent" and not packed:
                self.ts.setdefault(topic, []).append(json.loads(msg.payload)["ts"])
            if kind == "agent" and (packed or msg.payload.endswith(b',"replay":true}')):
                self.replayed += max(1, packed)
                self.first_replay = self.first_replay or now
                self.last_replay = now

    def count(self, kind):
        with self.lock:
            return self.counts.get(kind, 0)

    def reset(self):
        with self.lock:
            self.counts.clear()
            self.first.clear()
            self.health.clear()
            self.ts.clear()

    def wait_for(self, kind, n, timeout):
        deadline = time.monotonic() + timeout
        while self.count(kind) < n:
            if time.monotonic() > deadline:
                raise RuntimeError("no %s messages within %d s" % (kind, timeout))
            time.sleep(0.01)

    def stop(self):
        self.client.loop_stop()
        self.client.disconnect()


# --- what is measured ---------------------------------------------------------------------------

def agent_config(path, port, state_dir, channels, interval_ms, per_sensor=10, extra_agent="",
                 extra_broker=""):
    """Written the way a user writes one: defaults everywhere but the broker and the sensors."""
    lines = ["[agent]", 'state_dir = "%s"' % state_dir, extra_agent, "",
             "[device]", 'id = "bench"', "",
             "[broker]", 'url = "mqtt://127.0.0.1:%d"' % port, extra_broker, ""]
    for s in range((channels + per_sensor - 1) // per_sensor):
        lines += ["[[sensor]]", 'name = "s%03d"' % s, 'driver = "sim"',
                  'interval = "%dms"' % interval_ms, ""]
        for c in range(min(per_sensor, channels - s * per_sensor)):
            lines += ["  [sensor.channels.c%d]" % c, '  unit = "C"', ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


class Agent:
    def __init__(self, args, workdir, name, port, channels, interval_ms, per_sensor=10,
                 extra_agent="", wrapper=(), agent_path=None, extra_broker=""):
        self.dir = tempfile.mkdtemp(prefix=name + "-", dir=workdir)
        self.config = os.path.join(self.dir, "agent.toml")
        agent_config(self.config, port, os.path.join(self.dir, "state"), channels, interval_ms,
                     per_sensor, extra_agent, extra_broker)
        self.stderr = open(os.path.join(self.dir, "agent.log"), "w")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(list(wrapper) + [agent_path or args.agent, "run", "--config",
                                                      self.config],
                                     stdout=self.stderr, stderr=self.stderr)
        self.pid = self.proc.pid

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.stderr.close()


def thread_cpu(pid):
    """On-CPU nanoseconds per thread name, from /proc/PID/task/*/schedstat."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
                name = f.read().strip()
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                ns = int(f.read().split()[0])
        except OSError:
            continue
        out[name] = out.get(name, 0) + ns
    return out


def measure_window(counter, kind, pid, warmup, seconds):
    counter.wait_for(kind, 1, 30)
    time.sleep(warmup)
    threads0 = thread_cpu(pid)
    cpu0, n0, t0 = cpu_seconds(pid), counter.count(kind), time.monotonic()
    time.sleep(seconds)
    cpu1, n1, t1 = cpu_seconds(pid), counter.count(kind), time.monotonic()
    threads1 = thread_cpu(pid)
    mem = memory(pid)
    readings = n1 - n0
    split = {name: round((ns - threads0.get(name, 0)) / 1000 / readings, 2)
             for name, ns in threads1.items()} if readings else {}
    return {
        "us_per_reading_by_thread_name": split,
        "readings": readings,
        "seconds": round(t1 - t0, 2),
        "rate": round(readings / (t1 - t0), 1),
        "cpu_s": round(cpu1 - cpu0, 3),
        "cpu_s_per_1000": round((cpu1 - cpu0) / readings * 1000, 4) if readings else None,
        "us_per_reading": round((cpu1 - cpu0) / readings * 1e6, 2) if readings else None,
        "rss_mib": round(mib(mem["rss"]), 2),
        "private_dirty_mib": round(mib(mem["private_dirty"]), 2),
        "pss_mib": round(mib(mem["pss"]), 2),
    }


def run_agent_steady(args, env, channels=100, interval_ms=100, name="agent", wrapper=(),
                     agent_path=None, extra_broker=""):
    counter = env["counter"]
    counter.reset()
    agent = Agent(args, env["workdir"], name, env["broker"].port, channels, interval_ms,
                  wrapper=wrapper, agent_path=agent_path, extra_broker=extra_broker)
    try:
        counter.wait_for("agent", 1, 30)
        startup = counter.first["agent"] - agent.started
        result = measure_window(counter, "agent", agent.pid, args.warmup, args.seconds)
        result["startup_s"] = round(startup, 3)
        return result
    finally:
        agent.stop()


def run_mosquitto_pub(args, env, rate=1000, command=("mosquitto_pub",), extra_env=None):
    counter = env["counter"]
    counter.reset()
    total = args.warmup + args.seconds + 15
    feeder = subprocess.Popen([sys.executable, os.path.join(HERE, "feeder.py"), str(rate),
                               str(total)], stdout=subprocess.PIPE)
    pub = subprocess.Popen(list(command) + ["-h", "127.0.0.1", "-p", str(env["broker"].port),
                                            "-q", "1", "-t", "bench/mosquitto_pub/lines", "-l"],
                           stdin=feeder.stdout, env=dict(os.environ, **(extra_env or {})))
    feeder.stdout.close()
    try:
        return measure_window(counter, "mosquitto_pub", pub.pid, args.warmup, args.seconds)
    finally:
        feeder.kill()
        feeder.wait()
        pub.wait(10)


def run_python(args, env, channels=100, interval=0.1):
    counter = env["counter"]
    counter.reset()
    total = args.warmup + args.seconds + 15
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "paho_loop.py"), "127.0.0.1",
                             str(env["broker"].port), str(channels), str(interval), str(total)])
    try:
        return measure_window(counter, "python", proc.pid, args.warmup, args.seconds)
    finally:
        proc.kill()
        proc.wait()


def run_agent_paho_steady(args, env):
    """The same agent and config with the Paho transport ([broker] client)."""
    return run_agent_steady(args, env, name="agent-paho", extra_broker='client = "paho"')


def median_run(runs):
    """The run with the median CPU per reading, carrying every run's figure."""
    median = sorted(runs, key=lambda r: r["us_per_reading"])[len(runs) // 2]
    median["runs_us_per_reading"] = [r["us_per_reading"] for r in runs]
    return median


def section_steady(args, env):
    log("== 1. steady state: 100 channels at 10 Hz, QoS 1, %ds windows" % args.seconds)
    rows = {}
    for _ in range(args.repeat):
        for name, run in (("sensor-agent", run_agent_steady),
                          (AGENT_PAHO, run_agent_paho_steady),
                          ("mosquitto_pub -l", run_mosquitto_pub),
                          ("python paho loop", run_python)):
            log("   %s ..." % name)
            r = run(args, env)
            rows.setdefault(name, []).append(r)
    out = {name: median_run(runs) for name, runs in rows.items()}
    agent, pub, py = out["sensor-agent"], out["mosquitto_pub -l"], out["python paho loop"]
    out["ratios"] = {
        "agent_vs_mosquitto_pub": round(agent["us_per_reading"] / pub["us_per_reading"], 2),
        "agent_paho_vs_mosquitto_pub": round(
            out[AGENT_PAHO]["us_per_reading"] / pub["us_per_reading"], 2),
        "agent_paho_vs_python": round(out[AGENT_PAHO]["us_per_reading"] / py["us_per_reading"], 2),
        "agent_vs_python": round(agent["us_per_reading"] / py["us_per_reading"], 2),
        "targets": {"agent_vs_mosquitto_pub": 1.0, "agent_vs_python": 0.5, "agent_rss_mib": 8.0},
    }
    return out


# --- 2. instructions per reading ----------------------------------------------------------------

def section_callgrind(args, env):
    if not shutil.which("valgrind"):
        return {"skipped": "valgrind not installed"}
    log("== 2. callgrind: instructions per reading (100 channels at 1 Hz)")
    out = callgrind_run(args, env, "mosquitto", "", "libmosquitto")
    out["client_paho"] = callgrind_run(args, env, "paho", 'client = "paho"', "libpaho")
    return out


def callgrind_run(args, env, name, extra_broker, library):
    counter = env["counter"]
    counter.reset()
    out_base = os.path.join(env["workdir"], "callgrind-%s.out" % name)
    agent = Agent(args, env["workdir"], "agent-callgrind-" + name, env["broker"].port, 100, 1000,
                  wrapper=["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out_base],
                  extra_broker=extra_broker)
    try:
        counter.wait_for("agent", 100, 120)
        time.sleep(5)
        subprocess.run(["callgrind_control", "-z", str(agent.pid)], capture_output=True)
        n0 = counter.count("agent")
        time.sleep(args.callgrind_seconds)
        subprocess.run(["callgrind_control", "-d", str(agent.pid)], capture_output=True)
        n1 = counter.count("agent")
    finally:
        agent.stop()
    prefix = "callgrind-%s.out." % name
    dumps = sorted(p for p in os.listdir(env["workdir"]) if p.startswith(prefix))
    window = os.path.join(env["workdir"], dumps[0])
    keep = os.path.join(args.outdir, "callgrind.steady-%s.out" % name)
    shutil.copy(window, keep)
    total, costs, edges = callgrind_self.self_costs(window)
    readings = n1 - n0
    paho = callgrind_self.library_share(edges, os.path.basename(args.agent), library)
    by_object = {}
    for (fn, obj), ir in costs.items():
        by_object[os.path.basename(obj)] = by_object.get(os.path.basename(obj), 0) + ir
    top = sorted(costs.items(), key=lambda kv: -kv[1])[:25]
    per = (lambda ir: round(ir / readings)) if readings else (lambda ir: None)
    return {
        "client": name,
        "workload": "100 channels at 1 Hz, QoS 1, durable queue",
        "readings": readings,
        "ir_total": total,
        "ir_per_reading": per(total),
        "ir_per_reading_library": per(paho),
        "ir_per_reading_agent": per(total - paho),
        "ir_per_reading_self_by_object": {k: per(v) for k, v in
                                          sorted(by_object.items(), key=lambda kv: -kv[1])[:8]},
        "top_functions": [{"ir_per_reading": round(ir / readings, 1), "function": fn[:110],
                           "object": os.path.basename(obj)} for (fn, obj), ir in top],
        "profile_file": keep,
    }


# --- 3. sampling precision ----------------------------------------------------------------------

def ts_ms(ts):
    # 2026-11-25T20:45:08.123Z -> milliseconds within the day are enough for gaps
    hh, mm, rest = ts[11:13], ts[14:16], ts[17:23]
    return (int(hh) * 3600 + int(mm) * 60) * 1000 + int(round(float(rest) * 1000))


def precision_run(args, env, name, load_cmd, wrapper):
    counter = env["counter"]
    counter.reset()
    load = None
    if load_cmd:
        load = subprocess.Popen(load_cmd + ["--timeout", str(args.seconds + 40)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    floor = None
    if env.get("timer_floor"):
        # Same load, same priority, no agent: the lateness any program gets here and now.
        text = subprocess.run(wrapper + [env["timer_floor"], "10", str(min(args.seconds, 20)),
                                         "10000"], capture_output=True, text=True).stdout.split()
        if len(text) == 4:
            floor = {"p50_us": int(text[0]), "p99_us": int(text[1]), "max_us": int(text[2]),
                     "samples": int(text[3])}
    agent = Agent(args, env["workdir"], "agent-precision-" + name, env["broker"].port, 10, 10,
                  per_sensor=1, extra_agent='health_interval = "5s"', wrapper=wrapper)
    try:
        counter.wait_for("agent", 1, 30)
        time.sleep(args.warmup)
        with counter.lock:
            counter.health.clear()
            counter.ts.clear()
            counter.track_ts = True
        time.sleep(args.seconds)
        with counter.lock:
            counter.track_ts = False
            health = list(counter.health)
            ts = {k: list(v) for k, v in counter.ts.items()}
    finally:
        agent.stop()
        if load:
            load.terminate()
            load.wait()
    p50s, p99s, maxes = [], [], []
    missed = [sum(s.get("missed_deadlines", 0) for s in h.get("sensors", {}).values())
              for _, h in health]
    for _, h in health:
        for sensor in h.get("sensors", {}).values():
            lat = sensor.get("lateness_us")
            if lat and lat.get("samples", 0) > 0:
                p50s.append(lat["p50"])
                p99s.append(lat["p99"])
                maxes.append(lat["max"])
    # Per channel: grid slots spanned by the first and last ts (10 ms apart) minus readings
    # received = samples that never came. They must all be counted as missed deadlines.
    # Only between the first and the last health report, the span the missed counter covers.
    lo = health[0][1]["ts"] % 86_400_000 if health else 0
    hi = health[-1][1]["ts"] % 86_400_000 if health else 86_400_000
    received, slots = 0, 0
    for values in ts.values():
        ms = [m for m in (ts_ms(v) for v in values) if lo <= m <= hi]
        if ms:
            received += len(ms)
            slots += int(round((ms[-1] - ms[0]) / 10.0)) + 1
    result = {
        "load": " ".join(load_cmd) if load_cmd else "none (the machine as it is)",
        "agent_wrapper": " ".join(wrapper) or "none",
        "readings": received,
        "samples_missing": slots - received,
        "missed_deadlines_counted": (missed[-1] - missed[0]) if len(missed) > 1 else None,
        "health_windows": len(p50s),
        "platform_floor": floor,
    }
    if p50s:
        result.update({
            "lateness_p50_us": int(statistics.median(p50s)),
            "lateness_p99_us_worst_window": max(p99s),
            "lateness_p99_us_median_window": int(statistics.median(p99s)),
            "lateness_max_us": max(maxes),
        })
    else:
        result["note"] = "the health topic carries no lateness_us"
    return result


def section_precision(args, env):
    log("== 3. sampling precision: 10 channels at 100 Hz")
    stress = shutil.which("stress-ng")
    hogs = [stress, "--cpu", str(os.cpu_count())] if stress else None
    out = {"stress_ng": bool(stress)}
    floor = os.path.join(env["workdir"], "timer_floor")
    if subprocess.run(["cc", "-O2", "-o", floor, os.path.join(HERE, "timer_floor.c"), "-lpthread"],
                      capture_output=True).returncode == 0:
        env["timer_floor"] = floor
    for name, load_cmd, wrapper in (("idle", None, []), ("loaded", hogs, []),
                                    ("loaded-nice-10", hogs, ["nice", "-n", "-10"])):
        if name != "idle" and not load_cmd:
            continue
        log("   %s ..." % name)
        out[name] = precision_run(args, env, name, load_cmd, wrapper)
    return out


# --- 4b. drain ----------------------------------------------------------------------------------

def section_drain(args, env):
    """Backlog built while the broker is away, then drained: readings/s and CPU per reading, with
    the default config and with queue.replay_pack = 100."""
    outage = 10 if args.quick else 30
    log("== 5b. drain: %d s outage at 1,000 readings/s, then the broker comes back" % outage)
    out = drain_once(args, env, outage, "")
    out["packed_100"] = drain_once(args, env, outage, "\n[queue]\nreplay_pack = 100")
    return out


def drain_once(args, env, outage, extra):
    port = free_port()
    # The subscriber's session is in place before the outage, so the first replayed messages
    # are not missed however fast the agent reconnects.
    name = "broker-drain-%d" % port
    broker = Broker(env["workdir"], port, name, persistence=True)
    counter = Counter(port, client_id="bench-drain-counter")
    broker.stop()
    broker = None
    agent = Agent(args, env["workdir"], "agent-drain", port, 100, 100, extra_agent=extra)
    try:
        time.sleep(outage)
        cpu0 = cpu_seconds(agent.pid)
        broker = Broker(env["workdir"], port, name, persistence=True)
        t0 = time.monotonic()
        # Drained when no replayed reading arrived for 2 s; CPU taken when the last one came.
        last_seen, cpu1, total = 0, cpu0, 0
        while True:
            time.sleep(0.1)
            with counter.lock:
                last, replayed = counter.last_replay, counter.replayed
            if replayed != last_seen:
                last_seen, cpu1, total = replayed, cpu_seconds(agent.pid), counter.count("agent")
            if last and time.monotonic() - last > 2:
                break
            if time.monotonic() - t0 > 300:
                break
        first = counter.first_replay or t0
        seconds = (last or time.monotonic()) - first
        live = total - replayed
        return {
            "outage_s": outage,
            "replayed": replayed,
            "reconnect_s": round(first - t0, 2),
            "drain_s": round(seconds, 2),
            "drain_rate_per_s": round(replayed / seconds, 0) if seconds > 0 else None,
            "live_readings_meanwhile": live,
            "us_per_reading_while_draining": round((cpu1 - cpu0) / (replayed + live) * 1e6, 2)
            if replayed + live else None,
            "note": "drain_s from the first to the last replayed reading at the subscriber; "
                    "reconnect_s is the wait for the agent's reconnect backoff after the broker "
                    "came back; CPU from the broker's return to the last replayed reading",
        }
    finally:
        agent.stop()
        counter.stop()
        if broker:
            broker.stop()


# --- 4. scale -----------------------------------------------------------------------------------

def section_scale(args, env):
    log("== 4. scale: 10, 100, 1000 channels at 1,000 readings/s in total")
    out = {}
    for channels, interval_ms in ((10, 10), (100, 100), (1000, 1000)):
        log("   %d channels every %d ms ..." % (channels, interval_ms))
        out[str(channels)] = run_agent_steady(args, env, channels, interval_ms,
                                              name="agent-scale-%d" % channels)
    per = [out[k]["us_per_reading"] for k in out]
    out["spread"] = round(max(per) / min(per), 2)
    out["rss_per_channel_kib"] = round(
        (out["1000"]["rss_mib"] - out["10"]["rss_mib"]) * 1024 / 990, 2)
    out["private_dirty_per_channel_kib"] = round(
        (out["1000"]["private_dirty_mib"] - out["10"]["private_dirty_mib"]) * 1024 / 990, 2)
    return out


# --- 6. arm64 under qemu ------------------------------------------------------------------------

def section_arm64(args, env):
    """Ratios only: the agent with each client and mosquitto_pub, arm64 under qemu-user and
    natively, 100 channels at 1 Hz = 100 readings/s (emulation cannot keep 1,000/s)."""
    qemu = shutil.which("qemu-aarch64-static") or shutil.which("qemu-aarch64")
    if not (qemu and args.arm64_agent and os.path.exists(args.arm64_agent)):
        return {"skipped": "needs qemu-aarch64-static and an arm64 sensor-agent (--arm64-agent)"}
    # The arm64 libraries: a directory holding an arm64 root (tests/bench/arm64-prepare.sh makes
    # one), or / when they are installed on this machine.
    root = args.arm64_root or "/"
    clients = args.arm64_mosquitto_pub or args.arm64_root or ""
    pub = os.path.join(clients, "usr/bin/mosquitto_pub")
    log("== 6. arm64 under qemu: 100 channels at 1 Hz, ratios only (%d run(s) each)"
        % args.repeat)
    wrapper = (qemu, "-L", root)
    paho = 'client = "paho"'  # the other client; the default is libmosquitto
    runs = [
        ("agent_arm64", lambda: run_agent_steady(args, env, 100, 1000, "agent-arm64", wrapper,
                                                 args.arm64_agent)),
        ("agent_paho_arm64", lambda: run_agent_steady(
            args, env, 100, 1000, "agent-paho-arm64", wrapper, args.arm64_agent, paho)),
    ]
    if os.path.exists(pub):
        lib = {"LD_LIBRARY_PATH": os.path.join(clients, "usr/lib/aarch64-linux-gnu")}
        runs.append(("mosquitto_pub_arm64",
                     lambda: run_mosquitto_pub(args, env, 100, (qemu, "-L", root, pub), lib)))
    runs += [
        ("agent_native", lambda: run_agent_steady(args, env, 100, 1000, "agent-native-100")),
        ("agent_paho_native", lambda: run_agent_steady(
            args, env, 100, 1000, "agent-paho-native-100", extra_broker=paho)),
        ("mosquitto_pub_native", lambda: run_mosquitto_pub(args, env, 100)),
    ]
    rows = {}
    for _ in range(args.repeat):
        for key, run in runs:  # interleaved, so that a change of load hits every program
            log("   %s ..." % key)
            rows.setdefault(key, []).append(run())
    out = {"qemu": qemu, "agent": args.arm64_agent, "arm64_root": root,
           "workload": "100 channels at 1 Hz = 100 readings/s, QoS 1, durable queue",
           "runs": args.repeat}
    out.update({key: median_run(results) for key, results in rows.items()})

    def ratio(agent, pub_key):
        return round(out[agent]["us_per_reading"] / out[pub_key]["us_per_reading"], 2)

    if "mosquitto_pub_arm64" in out:
        out["ratio_arm64"] = ratio("agent_arm64", "mosquitto_pub_arm64")
        out["ratio_arm64_client_paho"] = ratio("agent_paho_arm64", "mosquitto_pub_arm64")
    else:
        out["mosquitto_pub_arm64"] = "not run: no arm64 mosquitto_pub (--arm64-mosquitto-pub)"
    out["ratio_native_same_rate"] = ratio("agent_native", "mosquitto_pub_native")
    out["ratio_native_same_rate_client_paho"] = ratio("agent_paho_native", "mosquitto_pub_native")
    out["python"] = "not run: no arm64 python3 with paho-mqtt installed for qemu"
    return out


# --- 5. queue -----------------------------------------------------------------------------------

def section_queue(args, env):
    if not args.queue_bench or not os.path.exists(args.queue_bench):
        return {"skipped": "sa_queue_bench not built"}
    log("== 5. durable queue (sa_queue_bench)")
    qdir = os.path.join(env["workdir"], "queue-bench")
    os.makedirs(qdir)
    backlog = "100000" if args.quick else "1000000"
    text = subprocess.run([args.queue_bench, qdir, backlog], capture_output=True, text=True,
                          timeout=900).stdout
    out = {"output": text}
    drain = os.path.join(os.path.dirname(os.path.dirname(args.queue_bench)), "chaos",
                         "sa_drain_bench")
    if os.path.exists(drain):
        log("   sa_drain_bench ...")
        out["drain_output"] = subprocess.run(
            [drain, "20000" if args.quick else "1000000"], capture_output=True, text=True,
            timeout=900).stdout
        out["drain_benchmark"] = "tests/chaos/sa_drain_bench"
    else:
        out["drain_benchmark"] = "not built (target sa_drain_bench in tests/chaos)"
    return out


# --- table --------------------------------------------------------------------------------------

def print_table(results):
    p = print
    results = {k: v for k, v in results.items() if not (isinstance(v, dict) and "error" in v)}
    s = results.get("steady")
    if s:
        p("\n1. Steady state, 100 channels x 10 Hz = 1,000 readings/s, QoS 1 (%s s window)"
          % s["sensor-agent"]["seconds"])
        p("| program                           | readings/s | CPU s/1000 rd | us/reading | RSS MiB "
          "| priv. dirty MiB |")
        p("|-----------------------------------|-----------:|--------------:|-----------:|--------:"
          "|----------------:|")
        for name in ("sensor-agent", AGENT_PAHO, "mosquitto_pub -l", "python paho loop"):
            r = s[name]
            p("| %-33s | %10.1f | %13.4f | %10.2f | %7.2f | %15.2f |" % (
                name, r["rate"], r["cpu_s_per_1000"], r["us_per_reading"], r["rss_mib"],
                r["private_dirty_mib"]))
        ra = s["ratios"]
        p("ratios: agent/mosquitto_pub %.2f (target <= 1.0), agent/python %.2f (target <= 0.5), "
          "agent RSS %.2f MiB (target <= 8), default client (libmosquitto)"
          % (ra["agent_vs_mosquitto_pub"], ra["agent_vs_python"], s["sensor-agent"]["rss_mib"]))
        p("with client = paho: agent/mosquitto_pub %.2f, agent/python %.2f, agent RSS %.2f MiB"
          % (ra["agent_paho_vs_mosquitto_pub"], ra["agent_paho_vs_python"],
             s[AGENT_PAHO]["rss_mib"]))
        for name in ("sensor-agent", AGENT_PAHO, "mosquitto_pub -l", "python paho loop"):
            split = s[name].get("us_per_reading_by_thread_name") or {}
            p("   %s by thread (on-CPU us/reading, schedstat): %s" % (name, ", ".join(
                "%s %.2f" % (k, v) for k, v in sorted(split.items(), key=lambda kv: -kv[1])
                if v >= 0.05)))
    c = results.get("callgrind")
    if c and "ir_per_reading" in c:
        p("\n2. Instructions per reading (callgrind, %s, %d readings): %s Ir"
          % (c["workload"], c["readings"], format(c["ir_per_reading"], ",")))
        p("   libmosquitto (the calls into it) %s Ir, the agent's own code %s Ir"
          % (format(c["ir_per_reading_library"], ","), format(c["ir_per_reading_agent"], ",")))
        p("   self cost by object: " + ", ".join("%s %s" % (k, format(v, ",")) for k, v in
                                                 c["ir_per_reading_self_by_object"].items()))
        p("| Ir/reading | function (self) | object |")
        p("|-----------:|-----------------|--------|")
        for f in c["top_functions"][:12]:
            p("| %10s | %s | %s |" % (format(f["ir_per_reading"], ",.0f"), f["function"][:80],
                                      f["object"]))
        m = c.get("client_paho")
        if m and m.get("ir_per_reading"):
            p("   with client = paho (%d readings): %s Ir per reading, Paho (its threads and the "
              "calls into it) %s Ir, the agent's own code %s Ir" % (
                  m["readings"], format(m["ir_per_reading"], ","),
                  format(m["ir_per_reading_library"], ","), format(m["ir_per_reading_agent"], ",")))
            p("   self cost by object: " + ", ".join("%s %s" % (k, format(v, ",")) for k, v in
                                                     m["ir_per_reading_self_by_object"].items()))
    r = results.get("precision")
    if r:
        p("\n3. Sampling precision, 10 sensors x 1 channel at 100 Hz (target p99 < 1000 us)")
        p("| load                     | p50 us | p99 us (worst / median 5 s window) | max us | "
          "missing | missed counted | floor p50/p99/max us |")
        p("|--------------------------|-------:|-----------------------------------:|-------:|"
          "--------:|---------------:|---------------------:|")
        for name in ("idle", "loaded", "loaded-nice-10"):
            x = r.get(name)
            if not x or "lateness_p50_us" not in x:
                continue
            f = x.get("platform_floor") or {}
            p("| %-24s | %6d | %17d / %-15d | %6d | %7d | %14s | %20s |" % (
                name, x["lateness_p50_us"], x["lateness_p99_us_worst_window"],
                x["lateness_p99_us_median_window"], x["lateness_max_us"], x["samples_missing"],
                x["missed_deadlines_counted"],
                "%s / %s / %s" % (f.get("p50_us"), f.get("p99_us"), f.get("max_us"))))
    sc = results.get("scale")
    if sc:
        p("\n4. Scale at 1,000 readings/s in total")
        p("| channels | us/reading | RSS MiB | priv. dirty MiB | start-up to 1st reading |")
        p("|---------:|-----------:|--------:|----------------:|------------------------:|")
        for k in ("10", "100", "1000"):
            x = sc[k]
            p("| %8s | %10.2f | %7.2f | %15.2f | %21.3f s |" % (
                k, x["us_per_reading"], x["rss_mib"], x["private_dirty_mib"], x["startup_s"]))
        p("spread %.2fx (target <= 1.2), %.2f KiB RSS per channel" % (sc["spread"],
                                                                      sc["rss_per_channel_kib"]))
    q = results.get("queue")
    if q and "output" in q:
        lines = [l for l in q["output"].splitlines() if not l.startswith("[20")]  # its log lines
        p("\n5. Durable queue (sa_queue_bench)\n" + "\n".join(lines))
        p("drain benchmark: %s" % q["drain_benchmark"])
        if q.get("drain_output"):
            p("\n".join(l for l in q["drain_output"].splitlines() if not l.startswith("[20")))
    a = results.get("arm64")
    if a and "agent_arm64" in a:
        p("\n6. arm64 under qemu-user, 100 channels x 1 Hz = 100 readings/s, QoS 1 (%s s window, "
          "median of %d; ratios only)" % (a["agent_arm64"]["seconds"], a["runs"]))
        p("| program                           | us/reading arm64 (qemu) | us/reading native |")
        p("|-----------------------------------|------------------------:|------------------:|")
        pub_arm64 = a["mosquitto_pub_arm64"]
        for name, arm64, native in (
                ("sensor-agent", a["agent_arm64"], a["agent_native"]),
                (AGENT_PAHO, a["agent_paho_arm64"], a["agent_paho_native"]),
                ("mosquitto_pub -l", pub_arm64, a["mosquitto_pub_native"])):
            p("| %-33s | %23s | %17.2f |" % (
                name, "%.2f" % arm64["us_per_reading"] if isinstance(arm64, dict) else "not run",
                native["us_per_reading"]))
        p("ratios agent/mosquitto_pub: default client (libmosquitto) %s on arm64, %s natively; "
          "client = paho %s on arm64, %s natively" % (
              a.get("ratio_arm64"), a["ratio_native_same_rate"], a.get("ratio_arm64_client_paho"),
              a["ratio_native_same_rate_client_paho"]))
    elif a:
        p("\n6. arm64: %s" % a.get("skipped"))
    d = results.get("drain")
    if d:
        p("\n5b. Drain: %d s outage, reconnected after %.1f s, %d readings replayed in %.1f s = %s "
          "readings/s (live ones meanwhile: %d), %.2f us CPU per reading" % (
              d["outage_s"], d["reconnect_s"], d["replayed"], d["drain_s"],
                                                     d["drain_rate_per_s"],
                                                     d["live_readings_meanwhile"],
                                                     d["us_per_reading_while_draining"]))
        k = d.get("packed_100")
        if k:
            p("    with replay_pack = 100: %d readings replayed in %.1f s = %s readings/s, %.2f us "
              "CPU per reading" % (k["replayed"], k["drain_s"], k["drain_rate_per_s"],
                                   k["us_per_reading_while_draining"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agent", required=True)
    parser.add_argument("--queue-bench")
    parser.add_argument("--arm64-agent", default=os.environ.get("SA_BENCH_ARM64_AGENT"))
    parser.add_argument("--arm64-mosquitto-pub", default=os.environ.get("SA_BENCH_ARM64_CLIENTS"),
                        help="root of extracted arm64 mosquitto-clients and libmosquitto1 .debs "
                        "(default: --arm64-root)")
    parser.add_argument("--arm64-root", default=os.environ.get("SA_BENCH_ARM64_ROOT"),
                        help="arm64 root with the agent's libraries, qemu's -L (default: /)")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="steady state only, 3 s windows")
    parser.add_argument("--only", default="steady,callgrind,precision,scale,queue,drain,arm64")
    parser.add_argument("--outdir", default=".")
    parser.add_argument("--repeat", type=int, default=0)
    args = parser.parse_args()
    if args.smoke:
        args.quick = True
        args.only = "steady"
    args.seconds = 3 if args.smoke else 10 if args.quick else 60
    args.warmup = 1 if args.smoke else 2 if args.quick else 5
    args.callgrind_seconds = 8 if args.quick else 20
    args.repeat = args.repeat or (1 if args.quick else 3)
    os.makedirs(args.outdir, exist_ok=True)

    workdir = tempfile.mkdtemp(prefix="sa-bench-")
    broker = Broker(workdir)
    counter = Counter(broker.port)
    env = {"workdir": workdir, "broker": broker, "counter": counter}
    results = {
        "machine": {"cpus": os.cpu_count(), "kernel": os.uname().release,
                    "arch": os.uname().machine,
                    "loadavg_at_start": open("/proc/loadavg").read().split()[:3]},
        "mode": "quick" if args.quick else "full",
        "agent": args.agent,
    }
    sections = {"steady": section_steady, "callgrind": section_callgrind,
                "precision": section_precision, "scale": section_scale, "queue": section_queue,
                "drain": section_drain, "arm64": section_arm64}
    try:
        for name in args.only.split(","):
            try:
                results[name] = sections[name](args, env)
            except Exception as error:  # one failed section must not lose the others
                log("   %s failed: %s" % (name, error))
                results[name] = {"error": str(error)}
    finally:
        counter.stop()
        broker.stop()
    print_table(results)
    path = os.path.join(args.outdir, "bench-results.json")
    with open(path, "w") as f:
        json.dump(results, f, indent=1)
    log("\nJSON: %s (work files: %s)" % (path, workdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
