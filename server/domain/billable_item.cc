#include "server/domain/billable_item.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/domain/validation.h"

namespace supportbytime::domain {
namespace {

constexpr size_t kMaxInvoiceReference = 100;
constexpr size_t kMaxInvoiceUrl = 2000;

void MergeDay(const absl::StatusOr<std::optional<absl::CivilDay>>& in,
              std::optional<absl::CivilDay>& out, Violations& v) {
  out.reset();
  if (in.ok()) {
    out = *in;
  } else {
    v.Merge(in.status());
  }
}

// Applies one mask path to `out`; `status_set` records that a status was given.
void ApplyPath(const std::string& path, const InvoiceChange& in, InvoiceRecord& out,
               bool& status_set, Violations& v) {
  const bool all = path == "*" || path == "invoice";
  if (all && !in.has_invoice) {
    v.Add("billable_item.invoice",
          "an invoice, once recorded, cannot be removed; set its status to CANCELLED instead");
    return;
  }
  if (all || path == "invoice.reference") out.reference = in.reference;
  if (all || path == "invoice.url") out.url = in.url;
  if (all || path == "invoice.status") {
    status_set = true;
    if (in.status) {
      out.status = *in.status;
    } else {
      v.Add("billable_item.invoice.status", "must be UNPAID, PAID or CANCELLED");
    }
  }
  if (all || path == "invoice.due_date") MergeDay(in.due_date, out.due_date, v);
  if (all || path == "invoice.paid_date") MergeDay(in.paid_date, out.paid_date, v);
  if (!all && !absl::StartsWith(path, "invoice.")) {
    v.Add("update_mask",
          absl::StrCat("path \"", path, "\" cannot be updated; only the invoice can change"));
  } else if (!all && path != "invoice.reference" && path != "invoice.url" &&
             path != "invoice.status" && path != "invoice.due_date" &&
             path != "invoice.paid_date") {
    v.Add("update_mask", absl::StrCat("path \"", path, "\" is not a field of Invoice"));
  }
}

// The merged invoice as a whole.
void ValidateInvoice(const InvoiceRecord& out, bool status_set, Violations& v) {
  if (out.reference.empty() || out.reference.size() > kMaxInvoiceReference) {
    v.Add("billable_item.invoice.reference",
          absl::StrCat("is required, 1-", kMaxInvoiceReference, " characters"));
  } else {
    v.Merge(ValidateText("billable_item.invoice.reference", out.reference,
                         {1, kMaxInvoiceReference}));
  }
  if (!out.url.empty()) {
    if (!absl::StartsWith(out.url, "https://") || out.url.size() <= 8 ||
        out.url.size() > kMaxInvoiceUrl) {
      v.Add("billable_item.invoice.url",
            absl::StrCat("must be an https:// link of at most ", kMaxInvoiceUrl, " characters"));
    } else {
      v.Merge(ValidateText("billable_item.invoice.url", out.url, {0, kMaxInvoiceUrl}));
    }
  }
  if (!status_set) v.Add("billable_item.invoice.status", "is required");
  if (!out.due_date) v.Add("billable_item.invoice.due_date", "is required");
  if (out.status == InvoiceStatus::kPaid && !out.paid_date) {
    v.Add("billable_item.invoice.paid_date", "is required when the status is PAID");
  }
  if (out.status != InvoiceStatus::kPaid && out.paid_date) {
    v.Add("billable_item.invoice.paid_date", "may be set only when the status is PAID");
  }
}

}  // namespace

absl::string_view InvoiceStatusName(InvoiceStatus s) {
  switch (s) {
    case InvoiceStatus::kPaid:
      return "PAID";
    case InvoiceStatus::kCancelled:
      return "CANCELLED";
    case InvoiceStatus::kUnpaid:
      break;
  }
  return "UNPAID";
}

absl::StatusOr<InvoiceRecord> MergeInvoice(const std::optional<InvoiceRecord>& stored,
                                           const InvoiceChange& change) {
  InvoiceRecord out = stored.value_or(InvoiceRecord{});
  bool status_set = stored.has_value();
  Violations v;
  for (const std::string& path : change.paths) ApplyPath(path, change, out, status_set, v);
  if (!v.empty()) return v.ToStatus();
  ValidateInvoice(out, status_set, v);
  if (!v.empty()) return v.ToStatus();
  return out;
}

}  // namespace supportbytime::domain
