#!/usr/bin/python3
"""A realistic client session over REST (HTTP/JSON) through supportbytime-gateway.

Usage: rest_client.py GATEWAY_BINARY GRPC_HOST:PORT API_KEY
Starts the gateway on a free port in front of the gRPC server, then with the
standard library only: creates a package, a client and a subscription,
activates it, reads them back, opens a ticket, logs time on it, reads the
current usage and the month's summary and checks they agree; then triggers
refusals and checks the HTTP status that matches the gRPC
code and the google.rpc.ErrorInfo reason in the JSON error body. Prints one
line per step and exits non-zero on the first surprise.
"""
import json
import subprocess
import sys
import urllib.error
import urllib.request
import uuid


def expect(condition, message):
    if not condition:
        print("FAILED: " + message)
        sys.exit(1)


class Rest:
    def __init__(self, base, key):
        self.base, self.key = base, key

    def call(self, method, path, body=None, key=None):
        """(HTTP status, decoded JSON body) of one request."""
        key = self.key if key is None else key
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if key:
            req.add_header("Authorization", "Bearer " + key)
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                return resp.status, json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"{}")

    def ok(self, method, path, body=None):
        status, out = self.call(method, path, body)
        expect(status == 200, "%s %s: HTTP %d %s" % (method, path, status, out))
        return out

    def refused(self, method, path, body, http_status, grpc_code, reason, key=None):
        """Checks a refusal: HTTP status, gRPC code and ErrorInfo reason."""
        status, out = self.call(method, path, body, key)
        expect(status == http_status,
               "%s %s: HTTP %d, want %d: %s" % (method, path, status, http_status, out))
        expect(out.get("code") == grpc_code, "gRPC code %s, want %d" % (out.get("code"), grpc_code))
        expect(out.get("message"), "error message present")
        infos = [d for d in out.get("details", [])
                 if d.get("@type") == "type.googleapis.com/google.rpc.ErrorInfo"]
        expect(len(infos) == 1, "one ErrorInfo in %s" % out)
        expect(infos[0].get("reason") == reason,
               "reason %s, want %s" % (infos[0].get("reason"), reason))
        expect(infos[0].get("domain") == "supportbytime.v1", "domain")
        print("refusal HTTP %d code %d %s" % (status, grpc_code, reason))
        return out


def rid():
    return "?request_id=" + str(uuid.uuid4())


def scenario(api, key):
    status, health = api.call("GET", "/healthz")
    expect(status == 200 and health.get("status") == "SERVING", "healthz %d %s" % (status, health))
    print("health", health["status"])

    package = api.ok("POST", "/v1/packages" + rid(), {
        "displayName": "Professional Support (REST)",
        "terms": {
            "billingCycle": "BILLING_CYCLE_MONTHLY",
            "includedMinutes": 240,
            "billingIncrementMinutes": 30,
            "prices": [{"currencyCode": "EUR",
                        "periodPrice": {"currencyCode": "EUR", "units": "100"},
                        "overageHourlyRate": {"currencyCode": "EUR", "units": "40"}}],
            # Proto3 optional: an explicit false must reach the server (unset means true).
            "requireOverageApproval": False,
        },
    })
    expect(package["name"].startswith("packages/"), "package name")
    expect(package.get("currentVersion") == 1, "package version 1: %s" % package)
    expect(package["terms"].get("requireOverageApproval") is False, "explicit false kept")
    expect(api.ok("GET", "/v1/" + package["name"])["name"] == package["name"], "GET package")
    listed = api.ok("GET", "/v1/packages?page_size=50")
    expect(any(p["name"] == package["name"] for p in listed.get("packages", [])), "listed")
    print("package", package["name"])

    client = api.ok("POST", "/v1/clients" + rid(),
                    {"displayName": "Acme (REST)", "currencyCode": "EUR"})
    expect(client.get("timeZone") == "Europe/Warsaw", "default time zone: %s" % client)
    expect(api.ok("GET", "/v1/" + client["name"])["displayName"] == "Acme (REST)", "GET client")
    print("client", client["name"])

    sub = api.ok("POST", "/v1/%s/subscriptions%s" % (client["name"], rid()),
                 {"package": package["name"]})
    sub = api.ok("POST", "/v1/%s:activate" % sub["name"], {"requestId": str(uuid.uuid4())})
    expect(sub.get("state") == "SUBSCRIPTION_STATE_ACTIVE", "active: %s" % sub)
    expect(api.ok("GET", "/v1/" + sub["name"])["state"] == "SUBSCRIPTION_STATE_ACTIVE",
           "GET subscription")
    print("subscription", sub["name"], sub["state"])

    ticket = api.ok("POST", "/v1/%s/tickets%s" % (client["name"], rid()),
                    {"subscription": sub["name"], "title": "Mail server down"})
    expect(ticket.get("number", "0") != "0", "ticket number: %s" % ticket)  # int64: a string
    got = api.ok("GET", "/v1/" + ticket["name"])
    expect(got["title"] == "Mail server down" and got["subscription"] == sub["name"], "GET ticket")
    print("ticket", ticket["name"], "#" + ticket["number"], ticket.get("state"))

    # 50 minutes round up to 60 billed (30-minute increments, R4).
    entry = api.ok("POST", "/v1/%s/timeEntries%s" % (ticket["name"], rid()),
                   {"minutes": 50, "note": "restarted postfix"})
    expect(entry.get("billedMinutes") == 60, "billed 60: %s" % entry)
    print("time entry", entry["name"], entry["minutes"], "->", entry["billedMinutes"])

    usage = api.ok("GET", "/v1/%s/usage" % sub["name"])
    expect(usage.get("usedMinutes") == 60 and usage.get("rawMinutes") == 50, "usage %s" % usage)
    expect(usage.get("includedMinutes") == 240 and usage.get("leftMinutes") == 180,
           "180 of 240 left: %s" % usage)
    expect(usage.get("level") == "USAGE_LEVEL_OK", "level OK: %s" % usage)
    expect(usage.get("overageCost", {}).get("currencyCode") == "EUR", "cost in EUR")
    print("usage", usage["usedMinutes"], "of", usage["includedMinutes"], usage["level"])

    summary = api.ok("GET", "/v1/%s/summary" % usage["period"])
    for field in ("includedMinutes", "usedMinutes", "rawMinutes", "leftMinutes",
                  "overageMinutes", "percentUsed", "level", "month"):
        expect(summary.get(field) == usage.get(field),
               "summary %s %s, usage %s" % (field, summary.get(field), usage.get(field)))
    expect(summary.get("ticketCount") == 1 and summary.get("entryCount") == 1,
           "one ticket, one entry: %s" % summary)
    print("month summary", summary["name"], summary["usedMinutes"], "of",
          summary["includedMinutes"])

    # INVALID_ARGUMENT -> 400, with the field in a BadRequest too.
    body = api.refused("POST", "/v1/clients", {"displayName": "Bad", "currencyCode": "EURO"},
                       400, 3, "INVALID_FIELD")
    fields = [v["field"] for d in body["details"] for v in d.get("fieldViolations", [])]
    expect("client.currency_code" in fields, "field named: %s" % body)
    # NOT_FOUND -> 404.
    api.refused("GET", "/v1/packages/" + str(uuid.uuid4()), None, 404, 5, "RESOURCE_NOT_FOUND")
    # FAILED_PRECONDITION -> 412 (grpc-gateway v1's mapping).
    api.refused("POST", "/v1/%s:activate" % sub["name"], {}, 412, 9, "INVALID_STATE_TRANSITION")
    # UNAUTHENTICATED -> 401: no key, then a wrong one.
    api.refused("GET", "/v1/packages", None, 401, 16, "API_KEY_MISSING", key="")
    api.refused("GET", "/v1/packages", None, 401, 16, "API_KEY_INVALID",
                key="sbt_" + "0" * 40)


def main():
    binary, endpoint, key = sys.argv[1], sys.argv[2], sys.argv[3]
    gateway = subprocess.Popen([binary, "--listen", "127.0.0.1:0", "--endpoint", endpoint],
                               stdout=subprocess.PIPE, text=True)
    try:
        line = gateway.stdout.readline()
        expect("listening on http://" in line, "gateway start: %r" % line)
        base = line.split("listening on ")[1].split(",")[0]
        print("gateway", base)
        scenario(Rest(base, key), key)
    finally:
        gateway.terminate()
        gateway.wait(timeout=10)
    print("rest interop: ok")


if __name__ == "__main__":
    main()
