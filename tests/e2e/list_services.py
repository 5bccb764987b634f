#!/usr/bin/python3
"""Lists the services a server announces through gRPC server reflection.

Usage: list_services.py HOST:PORT. Prints one service name per line. Uses
Debian's python3-grpcio; the two reflection messages are encoded by hand so
that no generated stubs are needed.
"""
import sys

import grpc


def varint(data, i):
    shift = value = 0
    while True:
        b = data[i]
        i += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return value, i


def fields(data):
    """Yields (field number, bytes) of the length-delimited fields of a message."""
    i = 0
    while i < len(data):
        key, i = varint(data, i)
        if key & 7 == 2:
            length, i = varint(data, i)
            yield key >> 3, data[i:i + length]
            i += length
        elif key & 7 == 0:
            _, i = varint(data, i)
        else:
            raise ValueError("unexpected wire type")


def main() -> int:
    with grpc.insecure_channel(sys.argv[1]) as channel:
        info = channel.stream_stream(
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
            request_serializer=lambda raw: raw,
            response_deserializer=lambda raw: raw,
        )
        # ServerReflectionRequest{list_services = ""}: field 7, empty string.
        for response in info(iter([b"\x3a\x00"]), timeout=10):
            for number, body in fields(response):
                if number == 6:  # list_services_response
                    for _, service in fields(body):  # repeated ServiceResponse
                        for n, name in fields(service):
                            if n == 1:
                                print(name.decode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
