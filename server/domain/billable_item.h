// Billable items (R10, R16) and the invoice recorded on one.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_BILLABLE_ITEM_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_BILLABLE_ITEM_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/lifecycle.h"
#include "server/domain/package.h"

namespace supportbytime::domain {

struct InvoiceRecord {
  std::string reference;
  std::string url;
  InvoiceStatus status = InvoiceStatus::kUnpaid;
  std::optional<absl::CivilDay> due_date;
  std::optional<absl::CivilDay> paid_date;  // in the client's time zone
};

struct BillableItemRecord {
  std::string id;
  std::string client_id;
  std::string subscription_id;
  std::string period_key;  // "YYYY-MM"
  std::string ticket_id;
  int64_t ticket_number = 0;
  int64_t overage_minutes = 0;
  int64_t rate_minor = 0;  // the period snapshot's hourly rate
  int64_t amount_minor = 0;
  std::string currency;
  std::string description;
  InvoiceAction invoice_action = InvoiceAction::kInvoiceOnNextRun;
  std::optional<InvoiceRecord> invoice;
  absl::Time create_time;
  absl::Time update_time;
};

enum class ItemBadge { kAny, kBilled, kUnpaid, kPaid, kCancelled };

struct BillableItemFilter {
  std::string client_id;        // empty: every client
  std::string subscription_id;  // empty: every subscription
  std::string period_key;       // with subscription_id; empty: every period
  std::string ticket_id;        // empty: every ticket
  ItemBadge badge = ItemBadge::kAny;
};

absl::string_view InvoiceStatusName(InvoiceStatus s);  // "UNPAID", "PAID", "CANCELLED"

// An UpdateBillableItem request as read from the wire: the mask's paths and
// the given invoice, each field already parsed (a field that did not parse
// keeps its refusal, reported when its path is applied).
struct InvoiceChange {
  std::vector<std::string> paths;
  bool has_invoice = false;
  std::string reference;
  std::string url;
  std::optional<InvoiceStatus> status;  // nullopt: not UNPAID, PAID or CANCELLED
  absl::StatusOr<std::optional<absl::CivilDay>> due_date = std::nullopt;
  absl::StatusOr<std::optional<absl::CivilDay>> paid_date = std::nullopt;
};

// The invoice as the change leaves it: `stored` with the fields of the
// change's paths taken from it, then validated as a whole (INVALID_FIELD
// under billable_item.invoice.* and update_mask).
absl::StatusOr<InvoiceRecord> MergeInvoice(const std::optional<InvoiceRecord>& stored,
                                           const InvoiceChange& change);

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_BILLABLE_ITEM_H_
