#!/usr/bin/env python3
"""Times the language server's workspace indexing: from sending
`initialized` to the `$/progress` notification whose value has kind "end"
(the server's "indexed N files"). Also reports the server's peak RSS (VmHWM)
after indexing. Standard library only.

    python3 bench/index_time.py ROOT [--runs N] -- SERVER ARGS...
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import threading
import time
import queue


def send(proc, msg):
    body = json.dumps(msg).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def reader(proc, out):
    f = proc.stdout
    while True:
        length = None
        while True:
            line = f.readline()
            if not line:
                out.put(None)
                return
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        out.put((time.perf_counter(), json.loads(f.read(length))))


def vm_hwm_kib(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def one_run(root, argv, timeout):
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    q = queue.Queue()
    threading.Thread(target=reader, args=(proc, q), daemon=True).start()
    uri = root.as_uri()
    send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "processId": os.getpid(), "rootUri": uri,
        "workspaceFolders": [{"uri": uri, "name": root.name}],
        "capabilities": {"window": {"workDoneProgress": True},
                         "workspace": {"workspaceFolders": True}}}})
    t0 = end = None
    files = None
    deadline = time.perf_counter() + timeout
    while end is None:
        item = q.get(timeout=max(0.1, deadline - time.perf_counter()))
        if item is None:
            raise SystemExit("server exited")
        t, msg = item
        if msg.get("id") == 1 and "result" in msg:
            t0 = time.perf_counter()
            send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
        elif "method" in msg and "id" in msg:
            # Requests from the server (progress create, configuration).
            result = None
            if msg["method"] == "workspace/configuration":
                result = [None] * len(msg["params"]["items"])
            send(proc, {"jsonrpc": "2.0", "id": msg["id"], "result": result})
        elif msg.get("method") == "$/progress":
            value = msg["params"]["value"]
            if value.get("kind") == "end":
                end = t
                files = value.get("message")
    hwm = vm_hwm_kib(proc.pid)
    send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    send(proc, {"jsonrpc": "2.0", "method": "exit"})
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    return (end - t0) * 1000, files, hwm


def main():
    p = argparse.ArgumentParser()
    p.add_argument("root")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--timeout", type=float, default=120)
    args = sys.argv[1:]
    if "--" not in args:
        p.error("give the server command after --")
    cut = args.index("--")
    a = p.parse_args(args[:cut])
    argv = args[cut + 1:]
    root = pathlib.Path(a.root).resolve()
    times, hwms = [], []
    for _ in range(a.runs):
        ms, files, hwm = one_run(root, argv, a.timeout)
        times.append(ms)
        hwms.append(hwm or 0)
        print(f"indexing: {ms:.0f} ms ({files}), peak RSS {hwm / 1024:.1f} MiB", flush=True)
    print(f"median {statistics.median(times):.0f} ms, min {min(times):.0f} ms, "
          f"max {max(times):.0f} ms, peak RSS max {max(hwms) / 1024:.1f} MiB over {a.runs} runs")


main()
