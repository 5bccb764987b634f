#!/usr/bin/env python3
"""The dependency rule of server/ (docs/architecture.md), checked on every include.

    api -> usecases -> domain          usecases -> repository ports <- storage
    app wires everything; util and domain depend on nothing of the server.

Fails, naming the file, line and include, when a layer includes one it must not.
Usage: check_layers.py SOURCE_DIR
"""
import pathlib
import re
import sys

# What each layer of server/ may include, besides itself and the standard
# library. Third-party prefixes: absl, soci, grpcpp, google (protobuf and
# the googleapis types), supportbytime/v1 (the generated protos), openssl.
PROTOS = ("supportbytime/v1/", "google/", "grpcpp/", "grpc/")
RULES = {
    "domain": {"server": ["server/domain/"], "third_party": ["absl/"]},
    "util": {"server": ["server/util/"], "third_party": ["absl/"]},
    "auth": {"server": ["server/auth/", "server/domain/", "server/util/"],
             "third_party": ["absl/", "openssl/"]},
    "usecases": {"server": ["server/usecases/", "server/domain/", "server/util/", "server/auth/"],
                 "third_party": ["absl/"]},
    # storage implements the use cases' ports (repository interfaces, the
    # transaction and idempotency boundaries) and nothing else of theirs.
    "storage": {"server": ["server/storage/", "server/domain/", "server/util/",
                           re.compile(r"server/usecases/(\w+_repository|transaction|idempotency)\.h$")],
                "third_party": ["absl/", "soci/", "openssl/"]},
    "api": {"server": ["server/api/", "server/usecases/", "server/domain/", "server/auth/",
                       "server/util/"],
            "third_party": ["absl/", "openssl/"] + list(PROTOS)},
    "app": None,  # wiring: may include every layer
}

# Wrong-way includes still in the tree, each with what removes it. The check
# fails on any other, and on an entry here that is gone (so the list only
# shrinks). Empty is the goal.
KNOWN = {
    # The read paths of billing (current usage, estimate, billable items,
    # usage alerts) and of history still call their stores: they become read
    # use cases once their records (current period, month tickets, operator
    # report) move to domain/.
    "server/api/billing_api.h": ["server/storage/billing_store.h",
                                 "server/storage/usage_alert_store.h"],
    "server/api/history_api.h": ["server/storage/history_store.h"],
}

INCLUDE = re.compile(r'^\s*#\s*include\s+[<"]([^">]+)[">]')


def allowed(include, prefixes):
    for p in prefixes:
        if isinstance(p, str) and include.startswith(p):
            return True
        if not isinstance(p, str) and p.match(include):
            return True
    return False


def violations(root):
    found = []
    for path in sorted((root / "server").rglob("*")):
        if path.suffix not in (".h", ".cc") or path.parent == root / "server":
            continue
        layer = path.relative_to(root / "server").parts[0]
        if layer not in RULES:
            found.append(f"{path.relative_to(root)}: server/{layer}/ is not a known layer")
            continue
        rule = RULES[layer]
        if rule is None:
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            inc = m.group(1)
            if "/" not in inc or inc.endswith(".hpp"):
                continue  # the standard library and boost (via soci)
            ours = inc.startswith("server/")
            if allowed(inc, rule["server"] if ours else rule["third_party"]):
                continue
            found.append(f"{path.relative_to(root)}:{n}: server/{layer}/ may not include {inc}")
    return found


def self_test():
    """The check must fail on a wrong-way include, or it proves nothing."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        root = pathlib.Path(d)
        for rel, text in {
            "server/domain/money.h": '#include "absl/time/time.h"\n#include "server/storage/database.h"\n',
            "server/storage/repo.cc": '#include "server/auth/actor.h"\n#include "supportbytime/v1/x.pb.h"\n',
            "server/api/x_api.cc": '#include "server/app/log.h"\n#include "server/storage/x.h"\n',
            "server/usecases/x.cc": '#include "server/usecases/x_repository.h"\n#include "soci/soci.h"\n',
            "server/storage/ok.cc": '#include "server/usecases/x_repository.h"\n#include <map>\n',
        }.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        found = violations(root)
        expected = ["money.h:2", "repo.cc:1", "repo.cc:2", "x_api.cc:1", "x_api.cc:2", "x.cc:2"]
        missing = [e for e in expected if not any(e in f for f in found)]
        if missing or len(found) != len(expected):
            print("self-test failed: expected", expected, "got", found)
            return 1
    return 0


def unknown(found):
    """The violations not in KNOWN, and the KNOWN entries no longer found."""
    new = [v for v in found
           if not any(v.startswith(path + ":") and v.endswith(" " + inc)
                      for path, incs in KNOWN.items() for inc in incs)]
    gone = [f"{path}: no longer includes {inc}: remove it from KNOWN"
            for path, incs in KNOWN.items() for inc in incs
            if not any(v.startswith(path + ":") and v.endswith(" " + inc) for v in found)]
    return new + gone


def main():
    if self_test():
        return 1
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    everything = violations(root)
    for v in everything:
        if v not in unknown(everything):
            print("known:", v)
    found = unknown(everything)
    for v in found:
        print(v)
    if found:
        print(f"{len(found)} wrong-way include(s): see the dependency rule in docs/architecture.md")
        return 1
    known = len(everything) - len(found)
    print("every include follows the dependency rule" if not known else
          f"no new wrong-way include ({known} known, listed above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
