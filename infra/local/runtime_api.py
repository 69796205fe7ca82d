#!/usr/bin/env python3
"""A local AWS Lambda Runtime API, to invoke a built function the way Lambda does, without Docker.

Lambda starts a function with AWS_LAMBDA_RUNTIME_API set; the function polls
GET /2018-06-01/runtime/invocation/next for an event and POSTs its result to
.../invocation/<id>/response (or .../error). On provided.al2023 the poller is the Quarkus native
executable itself (`bootstrap` in function.zip); on java21 it is the AWS Lambda Runtime Interface
Client, which calls Quarkus's QuarkusStreamHandler in the unpacked function.zip (a plain
`java -jar *-runner.jar` does not poll: it only serves HTTP). This script serves that API on
loopback, starts the given command with the variables Lambda would set, hands it each event file in
turn and prints each result as a JSON line; `sam local invoke` does the same inside a Docker image of
the runtime. infra/local/invoke-function.sh sets up both packagings and calls this.

With --serve it also acts as the Lambda Invoke API (POST /2015-03-31/functions/NAME/invocations) on
--port until interrupted, so a router run locally with hybrid.router.light-function and
hybrid.router.lambda-endpoint reaches the light function by Lambda invocation, as in AWS. It prints
{"invokeApi": URL} once the function has initialised, and one line per invocation on stderr.

    python3 infra/local/runtime_api.py --handler light --event infra/events/light-chat.json -- \
        infra/target/task-light/bootstrap

Exit status 0 when every event got a response; a function error (.../error), a timeout or a
function that exits count as failures.
"""
from __future__ import annotations

import argparse
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PREFIX = "/2018-06-01/runtime"
INVOKE_PREFIX = "/2015-03-31/functions/"


class RuntimeApi:
    def __init__(self, function_name: str):
        self.function_name = function_name
        self.events: queue.Queue = queue.Queue()
        self.results: dict[str, queue.Queue] = {}
        self.init_error: dict | None = None
        # Set when the function first asks for an event: its initialisation is over.
        self.ready = threading.Event()
        # Set once the function runs; the Invoke API needs them to wait on it.
        self.process: subprocess.Popen | None = None
        self.timeout = 120.0

    def invoke(self, payload: bytes, timeout: float, process: subprocess.Popen) -> tuple[str, bytes]:
        """The function's (outcome, body); raises FunctionGone if it exits, queue.Empty on timeout."""
        request_id = str(uuid.uuid4())
        self.results[request_id] = queue.Queue()
        self.events.put((request_id, payload, timeout))
        deadline = time.monotonic() + timeout
        # Short waits, so a function that crashes on start-up is reported at once, not after the timeout.
        while True:
            try:
                return self.results[request_id].get(timeout=min(0.5, max(0.0, deadline - time.monotonic())))
            except queue.Empty:
                if process.poll() is not None:
                    raise FunctionGone(process.returncode)
                if time.monotonic() >= deadline:
                    raise


class FunctionGone(Exception):
    def __init__(self, exit_code: int):
        super().__init__(f"the function exited with status {exit_code}")


def handler_for(api: RuntimeApi):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def _reply(self, status: int, body: bytes = b"{}", headers: dict | None = None):
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if self.path != f"{PREFIX}/invocation/next":
                return self._reply(404, b'{"errorMessage":"unknown path"}')
            api.ready.set()
            request_id, payload, timeout = api.events.get()  # long poll, as Lambda does
            deadline = int((time.time() + timeout) * 1000)
            self._reply(200, payload, {
                "Lambda-Runtime-Aws-Request-Id": request_id,
                "Lambda-Runtime-Deadline-Ms": str(deadline),
                "Lambda-Runtime-Invoked-Function-Arn":
                    f"arn:aws:lambda:us-east-1:123456789012:function:{api.function_name}",
                "Lambda-Runtime-Trace-Id": f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]};Sampled=0",
            })

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0") or 0))
            if self.path == f"{PREFIX}/init/error":
                api.init_error = {"type": self.headers.get("Lambda-Runtime-Function-Error-Type"), "body": body.decode()}
                return self._reply(202)
            if self.path.startswith(INVOKE_PREFIX) and self.path.endswith("/invocations"):
                return self._invoke(body)
            parts = self.path[len(PREFIX):].strip("/").split("/")
            if len(parts) == 3 and parts[0] == "invocation" and parts[2] in ("response", "error"):
                results = api.results.get(parts[1])
                if results is None:
                    return self._reply(400, b'{"errorMessage":"unknown request id"}')
                results.put((parts[2], body))
                return self._reply(202)
            return self._reply(404, b'{"errorMessage":"unknown path"}')

        def _invoke(self, event: bytes):
            """Lambda's Invoke API (RequestResponse): the function's result, X-Amz-Function-Error on an error."""
            started = time.monotonic()
            try:
                kind, result = api.invoke(event, api.timeout, api.process)
            except FunctionGone as gone:
                return self._reply(502, json.dumps({"message": str(gone)}).encode())
            except queue.Empty:
                return self._reply(504, b'{"message":"the function did not answer in time"}')
            # One line per invocation on stderr, so a served function shows its traffic.
            print(json.dumps({"invoked": api.function_name, "outcome": kind,
                              "ms": round((time.monotonic() - started) * 1000, 1)}), file=sys.stderr, flush=True)
            return self._reply(200, result, {"X-Amz-Function-Error": "Unhandled"} if kind == "error" else None)

    return Handler


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handler", required=True, help="QUARKUS_LAMBDA_HANDLER (router, light, heavy)")
    parser.add_argument("--event", action="append", default=[], type=Path, help="event file (repeatable)")
    parser.add_argument("--port", type=int, default=0, help="port of the Runtime and Invoke APIs (default: any free)")
    parser.add_argument("--serve", action="store_true",
                        help="after the events, keep serving the Lambda Invoke API "
                             "(POST /2015-03-31/functions/NAME/invocations) until interrupted")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the function (repeatable)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per invocation, start-up included")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the bootstrap or java -jar ...")
    opts = parser.parse_args(argv)
    # SIGTERM and Ctrl-C end --serve by a flag, not an exception at an arbitrary point, so the clean-up
    # below (stopping the function, then the server) always runs whole.
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    command = opts.command[1:] if opts.command[:1] == ["--"] else opts.command
    if not command:
        parser.error("give the function's command after --")
    if not opts.event and not opts.serve:
        parser.error("give --event files, --serve, or both")

    api = RuntimeApi(f"hybrid-llm-{opts.handler}")
    api.timeout = opts.timeout
    server = ThreadingHTTPServer(("127.0.0.1", opts.port), handler_for(api))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = dict(os.environ)
    env.update({
        "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{server.server_port}",
        "AWS_LAMBDA_FUNCTION_NAME": api.function_name,
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1769",
        "AWS_REGION": env.get("AWS_REGION", "us-east-1"),
        "QUARKUS_LAMBDA_HANDLER": opts.handler,
        "_HANDLER": opts.handler,
    })
    for item in opts.env:
        name, _, value = item.partition("=")
        env[name] = value
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=sys.stderr, stderr=sys.stderr)
    api.process = process
    failures = 0
    try:
        for event in opts.event:
            t0 = time.monotonic()
            try:
                kind, body = api.invoke(event.read_bytes(), opts.timeout, process)
            except FunctionGone as gone:
                detail = f"; init error: {api.init_error}" if api.init_error else ""
                print(json.dumps({"event": str(event), "error": f"{gone}{detail}"}))
                failures += 1
                break
            except queue.Empty:
                detail = f" init error: {api.init_error}" if api.init_error else ""
                print(json.dumps({"event": str(event), "error": f"no result within {opts.timeout} s{detail}"}))
                failures += 1
                continue
            elapsed = (time.monotonic() - t0) * 1000
            try:
                result = json.loads(body)
            except ValueError:
                result = body.decode("utf-8", "replace")
            print(json.dumps({"event": str(event), "outcome": kind, "ms": round(elapsed, 1), "result": result}))
            failures += kind != "response"
        if opts.serve:
            # The address is printed once the function has initialised (its first poll), so the line
            # doubles as a readiness signal.
            while process.poll() is None and not stop.is_set() and not api.ready.wait(0.2):
                pass
            if process.poll() is None and not stop.is_set():
                print(json.dumps({"invokeApi": f"http://127.0.0.1:{server.server_port}"}), flush=True)
                while process.poll() is None and not stop.is_set():
                    stop.wait(0.2)
            if not stop.is_set():
                # Only an interrupt ends serving well; a function that died (say, on a port already
                # in use) must not look like a clean run.
                detail = f"; init error: {api.init_error}" if api.init_error else ""
                print(json.dumps({"serve": f"the function exited with status {process.poll()}{detail}"}),
                      flush=True)
                failures += 1
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        server.shutdown()
    print(json.dumps({"invocations": len(opts.event), "failures": failures,
                      "totalSeconds": round(time.monotonic() - started, 1)}), file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
