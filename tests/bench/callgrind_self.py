"""Self cost per function and per object from a callgrind output file (Ir only).

callgrind_annotate is not used for the table: on dumps taken mid-run (callgrind_control -z/-d)
it shows thread entry points with inclusive costs; summing cost lines per function is exact.
"""
import re

_NAME = re.compile(r"^\((\d+)\)(?: (.*))?$")


def _resolve(table, value):
    m = _NAME.match(value.strip())
    if not m:
        return value.strip()
    if m.group(2) is not None:
        table[m.group(1)] = m.group(2)
    return table.get(m.group(1), "?")


def self_costs(path):
    """Returns (total Ir, {(function, object): self Ir}, [(caller obj, caller fn, callee obj,
    callee fn, inclusive Ir)])."""
    names = {"fn": {}, "ob": {}}
    obj, fn, cobj, cfn = "?", "?", None, None
    costs = {}
    edges = []
    after_calls = False
    total = 0
    with open(path) as f:
        for line in f:
            if not line or line[0] == "\n":
                continue
            c = line[0]
            if c.isdigit() or c in "+-*":
                if after_calls:
                    after_calls = False  # inclusive cost of the call: not self
                    parts = line.split()
                    if len(parts) >= 2:
                        edges.append((obj, fn, cobj or obj, cfn, int(parts[1])))
                    cobj, cfn = None, None
                    continue
                parts = line.split()
                if len(parts) >= 2:
                    ir = int(parts[1])
                    costs[(fn, obj)] = costs.get((fn, obj), 0) + ir
                    total += ir
                continue
            key, _, value = line.partition("=")
            if key == "ob":
                obj = _resolve(names["ob"], value)
            elif key == "fl" or key == "fi" or key == "fe":
                pass
            elif key == "fn":
                fn = _resolve(names["fn"], value)
            elif key == "cob":
                cobj = _resolve(names["ob"], value)
            elif key == "cfn":
                cfn = _resolve(names["fn"], value)
            elif key == "calls":
                after_calls = True
    return total, costs, edges


def library_share(edges, agent_object, library="libpaho"):
    """Ir spent in the MQTT client library (its threads and the calls the agent makes into it,
    libmosquitto's network loop included), without the agent's own callbacks that it runs."""
    def paho(o):
        return library in o

    def ours(o):
        return o.endswith(agent_object)

    threads = sum(ir for co, cf, eo, ef, ir in edges if cf == "start_thread" and paho(eo))
    callbacks = sum(ir for co, cf, eo, ef, ir in edges if paho(co) and ours(eo))
    calls = sum(ir for co, cf, eo, ef, ir in edges if ours(co) and paho(eo))
    return threads - callbacks + calls
