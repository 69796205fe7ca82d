"""infra/local/runtime_api.py against a stand-in function that speaks the Lambda Runtime API.

The real functions are checked through it by hand (README "Deploy", local testing); these tests pin
the protocol side offline and in seconds: events go out with Lambda's headers, responses and
function errors come back under the right request id, and a function that dies is reported at once.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_API = ROOT / "infra" / "local" / "runtime_api.py"

# Polls like a Lambda runtime: echoes each event with what Lambda told it, or reports a function
# error when the event asks for one.
STAND_IN_FUNCTION = r'''
import json, os, urllib.request
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"] + "/2018-06-01/runtime/invocation/"
while True:
    with urllib.request.urlopen(api + "next") as reply:
        request_id = reply.headers["Lambda-Runtime-Aws-Request-Id"]
        event = json.loads(reply.read())
        told = {"handler": os.environ["QUARKUS_LAMBDA_HANDLER"], "extra": os.environ.get("EXTRA"),
                "deadline": reply.headers["Lambda-Runtime-Deadline-Ms"],
                "arn": reply.headers["Lambda-Runtime-Invoked-Function-Arn"]}
    outcome = "error" if event.get("fail") else "response"
    body = json.dumps({"errorMessage": "asked to fail"} if event.get("fail") else {"echo": event, "told": told})
    urllib.request.urlopen(urllib.request.Request(api + request_id + "/" + outcome, data=body.encode(),
                                                  method="POST")).read()
'''


def run_api(tmp_path: Path, events: list[dict], function_source: str = STAND_IN_FUNCTION):
    function = tmp_path / "function.py"
    function.write_text(function_source)
    args = [sys.executable, str(RUNTIME_API), "--handler", "light", "--timeout", "20", "--env", "EXTRA=yes"]
    for i, event in enumerate(events):
        path = tmp_path / f"event-{i}.json"
        path.write_text(json.dumps(event))
        args += ["--event", str(path)]
    args += ["--", sys.executable, str(function)]
    started = time.monotonic()
    run = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    return run, lines, time.monotonic() - started


def test_each_event_gets_its_own_response_with_lambda_headers(tmp_path):
    run, lines, _ = run_api(tmp_path, [{"n": 1}, {"n": 2}])
    assert run.returncode == 0, run.stderr
    assert [line["outcome"] for line in lines] == ["response", "response"]
    assert [line["result"]["echo"] for line in lines] == [{"n": 1}, {"n": 2}]
    told = lines[0]["result"]["told"]
    assert told["handler"] == "light" and told["extra"] == "yes"
    assert told["arn"].endswith(":function:hybrid-llm-light")
    assert int(told["deadline"]) > time.time() * 1000


def test_function_error_is_a_failure(tmp_path):
    run, lines, _ = run_api(tmp_path, [{"n": 1}, {"fail": True}])
    assert run.returncode == 1
    assert [line["outcome"] for line in lines] == ["response", "error"]
    assert lines[1]["result"] == {"errorMessage": "asked to fail"}


def test_function_that_exits_is_reported_at_once(tmp_path):
    run, lines, elapsed = run_api(tmp_path, [{"n": 1}], "import sys; sys.exit(3)\n")
    assert run.returncode == 1
    assert "exited with status 3" in lines[0]["error"]
    assert elapsed < 15, f"took {elapsed:.1f} s: should not wait for the 20 s invocation timeout"


def test_function_that_dies_while_serving_is_a_failure(tmp_path):
    function = tmp_path / "function.py"
    function.write_text("import time, sys; time.sleep(0.5); sys.exit(4)\n")
    run = subprocess.run([sys.executable, str(RUNTIME_API), "--handler", "light", "--serve", "--",
                          sys.executable, str(function)], capture_output=True, text=True, timeout=60, check=False)
    lines = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    assert run.returncode == 1, run.stdout
    assert "exited with status 4" in lines[-1]["serve"]


def test_serve_answers_the_lambda_invoke_api(tmp_path):
    import socket
    import urllib.error
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    function = tmp_path / "function.py"
    function.write_text(STAND_IN_FUNCTION)
    server = subprocess.Popen([sys.executable, str(RUNTIME_API), "--handler", "light", "--port", str(port),
                               "--serve", "--", sys.executable, str(function)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert json.loads(server.stdout.readline()) == {"invokeApi": f"http://127.0.0.1:{port}"}
        url = f"http://127.0.0.1:{port}/2015-03-31/functions/hybrid-llm-light/invocations"
        with urllib.request.urlopen(urllib.request.Request(url, data=b'{"n": 7}', method="POST"), timeout=20) as reply:
            assert reply.status == 200
            assert reply.headers.get("X-Amz-Function-Error") is None
            assert json.loads(reply.read())["echo"] == {"n": 7}
        with urllib.request.urlopen(urllib.request.Request(url, data=b'{"fail": true}', method="POST"),
                                    timeout=20) as reply:
            assert reply.headers.get("X-Amz-Function-Error") == "Unhandled"
            assert json.loads(reply.read()) == {"errorMessage": "asked to fail"}
    finally:
        server.terminate()
        server.wait(timeout=20)
