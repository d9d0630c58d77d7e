#!/usr/bin/env python3
"""Turns JMH JSON results (-rf json) of the Promptly suite into Markdown tables.

Usage: results_table.py [--shape scrape-shape.txt] [--command "how it was run"] results.json...

Rows of one benchmark class, thread count and parameter set are compared side by side:
  x best peer    our (or any row's) ns/op over the fastest peer row of the same kind
  x client_java  ns/op over the client_java row of the same kind
A method's subject is its name prefix (promptly, clientJava, simpleclient, micrometer, dropwizard, jdk, agrona)
and its kind its suffix (Handle, PerCallLabels, Text, OpenMetrics, Protobuf). Scrape rows are also divided by
the sample lines of the registry (from ScrapeShape's output). Python 3 standard library only.
"""
import argparse
import json
import os
import platform
import sys
from collections import defaultdict

PEERS = ("clientJava", "simpleclient", "micrometer", "dropwizard")
SUBJECTS = ("promptly",) + PEERS + ("jdk", "agrona")
KINDS = ("PerCallLabels", "Handle", "OpenMetrics", "Protobuf", "Text")
GC_NORM = "gc.alloc.rate.norm"

# (benchmark class, method, limit ns/op, description); every target also asks 0 B/op
RECORD_TARGETS = [
    ("CounterIncBenchmark", "promptlySingleWriterHandle", 1.0, "counter inc, single-writer cell: ≤ 1 ns, 0 B"),
    ("HistogramObserveBenchmark", "promptlyHandle", 10.0, "histogram observe, 11 buckets: ≤ 10 ns, 0 B"),
    ("SummaryObserveBenchmark", "promptlyHandle", 10.0, "summary observe (count/sum part): ≤ 10 ns, 0 B"),
    ("SummaryObserveBenchmark", "promptlyQuantileEngineHandle", 10.0, "quantile engine observe alone: ≤ 10 ns, 0 B"),
    ("CounterIncBenchmark", "promptlyPerCallLabels", 10.0, "counter inc, per-call Labels: ≤ 10 ns, 0 B"),
]
SCRAPE_NS_PER_LINE = 30.0
SCRAPE_MAX_BYTES_PER_OP = 64.0
ZERO_BYTES = 0.5  # gc.alloc.rate.norm of an allocation-free method reads ~1e-3 B/op, never a whole object


def subject_of(method):
    for s in SUBJECTS:
        if method.startswith(s):
            return s
    return "other"


def kind_of(method):
    name = method[:-2] if method.endswith("Of") else method
    for k in KINDS:
        if name.endswith(k):
            return k
    return method


def fmt(x, digits=1):
    if x is None:
        return "—"
    if abs(x) >= 1000:
        return "{:,.0f}".format(x)
    if abs(x) >= 100:
        return "{:.0f}".format(x)
    return "{:.{}f}".format(x, digits)


def ratio(x, ref):
    if x is None or not ref:
        return "—"
    r = x / ref
    return "{:.3f}×".format(r) if r < 0.1 else "{:.2f}×".format(r)


def load(paths):
    rows = []
    for path in paths:
        with open(path) as f:
            for r in json.load(f):
                cls, method = r["benchmark"].split(".")[-2:]
                sec = r.get("secondaryMetrics", {})
                rows.append({
                    "cls": cls,
                    "method": method,
                    "threads": r["threads"],
                    "forks": r["forks"],
                    "params": tuple(sorted((r.get("params") or {}).items())),
                    "ns": r["primaryMetric"]["score"],
                    "err": r["primaryMetric"]["scoreError"],
                    "unit": r["primaryMetric"]["scoreUnit"],
                    "bytes": sec[GC_NORM]["score"] if GC_NORM in sec else None,
                    "jdk": "{} {} ({})".format(r.get("vmName", ""), r.get("jdkVersion", ""), r.get("vmVersion", "")),
                    "iterations": "{}×{} warmup, {}×{} measurement".format(
                        r.get("warmupIterations"), r.get("warmupTime"),
                        r.get("measurementIterations"), r.get("measurementTime")),
                })
    return rows


def err_text(err):
    return "NaN" if err != err else fmt(err, 2)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def read_shape(path):
    lines = {}
    notes = []
    if path and os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.strip()
                if line.startswith("#"):
                    notes.append(line[1:].strip())
                elif line:
                    parts = line.split()
                    lines[(parts[3] if len(parts) > 3 else "counters", parts[0])] = int(parts[1])
    return lines, notes


def groups(rows):
    g = defaultdict(list)
    for r in rows:
        g[(r["cls"], r["threads"], r["params"])].append(r)
    return g


def references(group):
    best, cj = {}, {}
    for r in group:
        k = kind_of(r["method"])
        s = subject_of(r["method"])
        if s in PEERS and (k not in best or r["ns"] < best[k]):
            best[k] = r["ns"]
        if s == "clientJava":
            cj[k] = r["ns"]
    return best, cj


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shape")
    ap.add_argument("--command", default="")
    ap.add_argument("json", nargs="+")
    a = ap.parse_args()
    rows = load(a.json)
    if not rows:
        sys.exit("no results in " + " ".join(a.json))
    shape, shape_notes = read_shape(a.shape)
    out = []
    first = rows[0]
    out.append("Machine: {} logical CPUs, {}; {}; JMH {}, `-prof gc`, {} fork(s), {}.".format(
        os.cpu_count(), cpu_model(), first["jdk"], "1.37", first["forks"], first["iterations"]))
    if a.command:
        out.append("Command: `{}`".format(a.command))
    out.append("")
    out.append("ns/op is the mean ± its 99.9% confidence half-width; B/op is `gc.alloc.rate.norm`. "
               "× best peer: this row over the fastest of client_java / simpleclient / Micrometer / Dropwizard "
               "doing the same kind of call, in the same run; × client_java likewise.")
    out.append("")

    g = groups(rows)
    record = sorted(k for k in g if k[0] != "ScrapeBenchmark")
    scrape = sorted((k for k in g if k[0] == "ScrapeBenchmark"), key=lambda k: (k[1], [int(v) if v.isdigit() else v for _, v in k[2]]))
    for key in record:
        cls, threads, params = key
        group = sorted(g[key], key=lambda r: (KINDS.index(kind_of(r["method"])) if kind_of(r["method"]) in KINDS
                                             else 99, r["ns"]))
        best, cj = references(group)
        out.append("### {} — {} thread{}{}".format(cls, threads, "" if threads == 1 else "s",
                                                  "".join(", {}={}".format(k, v) for k, v in params)))
        out.append("")
        out.append("| benchmark | ns/op | ± | B/op | × best peer | × client_java |")
        out.append("|---|---:|---:|---:|---:|---:|")
        for r in group:
            k = kind_of(r["method"])
            name = "**{}**".format(r["method"]) if r["method"].startswith("promptly") else r["method"]
            out.append("| {} | {} | {} | {} | {} | {} |".format(
                name, fmt(r["ns"], 2), err_text(r["err"]), fmt(r["bytes"]),
                ratio(r["ns"], best.get(k)), ratio(r["ns"], cj.get(k))))
        out.append("")

    for key in scrape:
        cls, threads, params = key
        series = dict(params).get("series")
        form = dict(params).get("shape", "counters")
        lines = shape.get((form, series))
        group = sorted(g[key], key=lambda r: (KINDS.index(kind_of(r["method"])), r["ns"]))
        best, cj = references(group)
        out.append("### {} — {} series, {} shape ({} sample lines in text 0.0.4), {} thread".format(
            cls, series, form, lines if lines else "?", threads))
        out.append("")
        out.append("| benchmark | µs/scrape | ± | ns/line | B/scrape | B/line | × best peer | × client_java |")
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|")
        for r in group:
            k = kind_of(r["method"])
            name = "**{}**".format(r["method"]) if r["method"].startswith("promptly") else r["method"]
            out.append("| {} | {} | {} | {} | {} | {} | {} | {} |".format(
                name, fmt(r["ns"] / 1000.0, 1), err_text(r["err"] / 1000.0),
                fmt(r["ns"] / lines if lines else None),
                fmt(r["bytes"]), fmt(r["bytes"] / lines if lines and r["bytes"] is not None else None, 2),
                ratio(r["ns"], best.get(k)), ratio(r["ns"], cj.get(k))))
        out.append("")
    if shape_notes:
        out.append("Lines each client wrote for the same registry (text 0.0.4): " + "; ".join(shape_notes) + ".")
        out.append("")

    out.append("### Targets (PERFORMANCE-TARGETS.md), this run")
    out.append("")
    out.append("| target | measured | met? |")
    out.append("|---|---|---|")
    by = {(r["cls"], r["method"], r["threads"], r["params"]): r for r in rows}
    for (cls, threads, params), group in sorted(g.items()):
        if cls == "CounterIncBenchmark":
            ours = by.get((cls, "promptlyHandle", threads, params))
            adder = by.get((cls, "jdkLongAdderHandle", threads, params))
            if ours and adder:
                met = ours["ns"] <= adder["ns"] and (ours["bytes"] or 0) < ZERO_BYTES
                out.append("| counter handle inc ≤ 1.0× LongAdder, 0 B ({} thr) | {} ns vs {} ns = {}, {} B/op | {} |"
                           .format(threads, fmt(ours["ns"], 2), fmt(adder["ns"], 2), ratio(ours["ns"], adder["ns"]),
                                   fmt(ours["bytes"]), "yes" if met else "**no**"))
        for tcls, method, limit, text in RECORD_TARGETS:
            if tcls == cls:
                ours = by.get((cls, method, threads, params))
                if ours:
                    met = ours["ns"] <= limit and (ours["bytes"] or 0) < ZERO_BYTES
                    out.append("| {} ({} thr) | {} ns, {} B/op | {} |".format(
                        text, threads, fmt(ours["ns"], 2), fmt(ours["bytes"]), "yes" if met else "**no**"))
        if cls == "ScrapeBenchmark":
            series = dict(params).get("series")
            lines = shape.get((dict(params).get("shape", "counters"), series))
            for r in sorted(group, key=lambda r: r["method"]):
                if r["method"].startswith("promptly") and lines:
                    per_line = r["ns"] / lines
                    met = per_line <= SCRAPE_NS_PER_LINE and (r["bytes"] or 0) <= SCRAPE_MAX_BYTES_PER_OP
                    out.append("| scrape {} ≤ 30 ns/line, ≤ 64 B/op ({} series) | {} ns/line, {} B/op | {} |".format(
                        r["method"][len("promptly"):], series, fmt(per_line), fmt(r["bytes"]),
                        "yes" if met else "**no**"))
    out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
