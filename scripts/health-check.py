#!/usr/bin/python3
"""Asks a supportbytime server for its standard gRPC health status.

Usage: scripts/health-check.py [HOST:PORT]   (default 127.0.0.1:50051)
Prints SERVING / NOT_SERVING and exits 0 only when SERVING. Uses Debian's
python3-grpcio; the tiny health messages are encoded by hand so that no
generated stubs are needed.
"""
import sys

import grpc

STATUS = {0: "UNKNOWN", 1: "SERVING", 2: "NOT_SERVING", 3: "SERVICE_UNKNOWN"}


def main() -> int:
    address = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:50051"
    with grpc.insecure_channel(address) as channel:
        check = channel.unary_unary(
            "/grpc.health.v1.Health/Check",
            request_serializer=lambda _: b"",  # HealthCheckRequest{service: ""}
            response_deserializer=lambda data: data,
        )
        try:
            answer = check(None, timeout=5)
        except grpc.RpcError as err:
            print(f"{address}: {err.code().name} {err.details()}")
            return 1
    # HealthCheckResponse{status = 1 (varint)}: b"\x08<status>"; empty means UNKNOWN.
    status = answer[1] if len(answer) >= 2 and answer[0] == 0x08 else 0
    print(STATUS.get(status, str(status)))
    return 0 if status == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
