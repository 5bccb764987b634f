#!/usr/bin/python3
"""A realistic client session in Python with stubs generated from the protos.

Usage: python_client.py HOST:PORT API_KEY STUBS_DIR
Creates a package, a client and a subscription, activates it, opens a ticket
and logs time on it, reads the current usage and the month's summary and
checks they agree, then triggers a refusal and reads its google.rpc.ErrorInfo
reason. Prints one line per step and exits non-zero on the first surprise.
"""
import sys
import uuid

sys.path.insert(0, sys.argv[3])

import grpc  # noqa: E402
from google.rpc import error_details_pb2, status_pb2  # noqa: E402
from supportbytime.v1 import (  # noqa: E402
    account_pb2, account_service_pb2, account_service_pb2_grpc, billing_pb2,
    billing_service_pb2, billing_service_pb2_grpc, history_service_pb2,
    history_service_pb2_grpc, package_pb2, package_service_pb2, package_service_pb2_grpc,
    ticket_pb2, ticket_service_pb2, ticket_service_pb2_grpc, time_log_pb2,
    time_log_service_pb2, time_log_service_pb2_grpc)


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
        tickets = ticket_service_pb2_grpc.TicketServiceStub(channel)
        time_log = time_log_service_pb2_grpc.TimeLogServiceStub(channel)
        billing = billing_service_pb2_grpc.BillingServiceStub(channel)
        history = history_service_pb2_grpc.HistoryServiceStub(channel)

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

        ticket = tickets.CreateTicket(ticket_service_pb2.CreateTicketRequest(
            parent=client.name, ticket=ticket_pb2.Ticket(subscription=sub.name, title="VPN"),
            request_id=str(uuid.uuid4())), metadata=auth, timeout=10)
        print("ticket", ticket.name, "#%d" % ticket.number)

        # 50 minutes round up to one 30-minute increment more: 60 billed (R4).
        entry = time_log.CreateTimeEntry(time_log_service_pb2.CreateTimeEntryRequest(
            parent=ticket.name, time_entry=time_log_pb2.TimeEntry(minutes=50, note="tunnel"),
            request_id=str(uuid.uuid4())), metadata=auth, timeout=10)
        expect(entry.billed_minutes == 60, "billed 60, got %d" % entry.billed_minutes)
        print("time entry", entry.name, entry.minutes, "->", entry.billed_minutes)

        usage = billing.GetCurrentUsage(billing_service_pb2.GetCurrentUsageRequest(
            name=sub.name + "/usage"), metadata=auth, timeout=10)
        expect(usage.used_minutes == 60 and usage.raw_minutes == 50, "usage %s" % usage)
        expect(usage.included_minutes == 240 and usage.left_minutes == 180, "allocation left")
        expect(usage.percent_used == 25, "25 %%, got %d" % usage.percent_used)
        expect(usage.level == billing_pb2.USAGE_LEVEL_OK, "level OK")
        expect(usage.left_time.hours == 3 and usage.left_time.minutes == 0, "3 h left")
        print("usage", usage.used_minutes, "of", usage.included_minutes,
              billing_pb2.UsageLevel.Name(usage.level))

        summary = history.GetMonthSummary(history_service_pb2.GetMonthSummaryRequest(
            name=usage.period + "/summary"), metadata=auth, timeout=10)
        for field in ("included_minutes", "used_minutes", "raw_minutes", "left_minutes",
                      "overage_minutes", "percent_used", "level"):
            expect(getattr(summary, field) == getattr(usage, field),
                   "summary %s %s, usage %s" % (field, getattr(summary, field),
                                                 getattr(usage, field)))
        expect(summary.month == usage.month, "the usage's month")
        expect(summary.overage_hourly_rate == usage.overage_hourly_rate, "rate")
        expect(summary.ticket_count == 1 and summary.entry_count == 1, "one ticket, one entry")
        print("month summary", summary.name, summary.used_minutes, "of",
              summary.included_minutes)

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
