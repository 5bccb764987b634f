#!/usr/bin/python3
"""A realistic client session in Python with stubs generated from the protos.

Usage: python_client.py HOST:PORT API_KEY STUBS_DIR
Creates a package, a client and a subscription, activates it, reads it back,
then triggers a refusal and reads its google.rpc.ErrorInfo reason. Prints one
line per step and exits non-zero on the first surprise.
"""
import sys
import uuid

sys.path.insert(0, sys.argv[3])

import grpc  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402
from supportbytime.v1 import (  # noqa: E402
    account_pb2, account_service_pb2, account_service_pb2_grpc, package_pb2,
    package_service_pb2, package_service_pb2_grpc)


def error_info(err):
    """The ErrorInfo reason and BadRequest fields of a refusal."""
    for key, value in err.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            status = status_pb2.Status.FromString(value)
            reason, fields = "", []
            for detail in status.details:
                if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                    info = error_details_pb2.ErrorInfo()
                    detail.Unpack(info)
                    reason = info.reason
                elif detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                    bad = error_details_pb2.BadRequest()
                    detail.Unpack(bad)
                    fields = [v.field for v in bad.field_violations]
            return reason, fields
    return "", []


def expect(condition, message):
    if not condition:
        print("FAILED: " + message)
        sys.exit(1)


def main():
    address, key = sys.argv[1], sys.argv[2]
    auth = (("authorization", "Bearer " + key),)
    with grpc.insecure_channel(address) as channel:
        packages = package_service_pb2_grpc.PackageServiceStub(channel)
        accounts = account_service_pb2_grpc.AccountServiceStub(channel)

        terms = package_pb2.PackageTerms(
            billing_cycle=package_pb2.BILLING_CYCLE_MONTHLY, included_minutes=240,
            billing_increment_minutes=30)
        price = terms.prices.add(currency_code="EUR")
        price.period_price.units = 100
        price.overage_hourly_rate.units = 40
        package = packages.CreatePackage(package_service_pb2.CreatePackageRequest(
            package=package_pb2.Package(display_name="Professional Support", terms=terms),
            request_id=str(uuid.uuid4())), metadata=auth, timeout=10)
        expect(package.current_version == 1, "package version 1")
        print("package", package.name)

        client = accounts.CreateClient(account_service_pb2.CreateClientRequest(
            client=account_pb2.Client(display_name="Acme (Python)", currency_code="EUR"),
            request_id=str(uuid.uuid4())), metadata=auth, timeout=10)
        expect(client.time_zone == "Europe/Warsaw", "default time zone")
        print("client", client.name)

        sub = accounts.CreateSubscription(account_service_pb2.CreateSubscriptionRequest(
            parent=client.name, subscription=account_pb2.Subscription(package=package.name),
            request_id=str(uuid.uuid4())), metadata=auth, timeout=10)
        sub = accounts.ActivateSubscription(account_service_pb2.ActivateSubscriptionRequest(
            name=sub.name, request_id=str(uuid.uuid4())), metadata=auth, timeout=10)
        expect(sub.state == account_pb2.SUBSCRIPTION_STATE_ACTIVE, "active subscription")
        print("subscription", sub.name, account_pb2.SubscriptionState.Name(sub.state))

        try:
            accounts.CreateClient(account_service_pb2.CreateClientRequest(
                client=account_pb2.Client(display_name="Bad", currency_code="EURO")),
                metadata=auth, timeout=10)
            expect(False, "a bad currency must be refused")
        except grpc.RpcError as err:
            reason, fields = error_info(err)
            expect(err.code() == grpc.StatusCode.INVALID_ARGUMENT, "INVALID_ARGUMENT")
            expect(reason == "INVALID_FIELD", "reason INVALID_FIELD, got " + reason)
            expect("client.currency_code" in fields, "field named")
            print("refusal", err.code().name, reason, ",".join(fields))
    print("python interop: ok")


if __name__ == "__main__":
    main()
