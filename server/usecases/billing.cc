#include "server/usecases/billing.h"

#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/domain/time_zone.h"
#include "server/util/json.h"
#include "server/domain/resource_names.h"

namespace supportbytime::usecases {
namespace {


std::string DayText(const std::optional<absl::CivilDay>& day) {
  return day ? domain::FormatDay(*day) : "";
}

std::string InvoiceJson(const std::optional<domain::InvoiceRecord>& inv) {
  if (!inv) return "null";
  return util::JsonObject()
      .Add("reference", inv->reference)
      .Add("url", inv->url)
      .Add("status", domain::InvoiceStatusName(inv->status))
      .Add("due_date", DayText(inv->due_date))
      .Add("paid_date", DayText(inv->paid_date))
      .str();
}

}  // namespace

absl::StatusOr<std::string> Billing::UpdateInvoice(
    const domain::Who& who, const IdempotencyKey& key, const std::string& client_id,
    const std::string& id, const domain::InvoiceChange& change,
    const Encoder<domain::BillableItemRecord>& encode) {
  return idempotency_.Run(key, [&](Tx& tx) -> absl::StatusOr<std::string> {
    auto before = repo_.FindItem(tx, client_id, id, /*for_update=*/true);
    if (!before.ok()) return before.status();
    if (!*before) return domain::NotFound(domain::BillableItemResource(client_id, id));
    absl::StatusOr<domain::InvoiceRecord> inv = domain::MergeInvoice((*before)->invoice, change);
    if (!inv.ok()) return inv.status();
    if (absl::Status st = repo_.SetInvoice(tx, id, *inv, clock_.Now()); !st.ok()) return st;
    auto after = repo_.FindItem(tx, client_id, id, /*for_update=*/false);
    if (!after.ok()) return after.status();
    absl::Status st = repo_.Audit(tx, who, key.request_id,
                                  {"UpdateBillableItem", domain::BillableItemResource(client_id, id), client_id,
                                   (*before)->ticket_id,
                                   util::JsonObject()
                                       .AddRaw("before", InvoiceJson((*before)->invoice))
                                       .AddRaw("after", InvoiceJson((**after).invoice))
                                       .str()});
    if (!st.ok()) return st;
    return encode(**after);
  });
}

}  // namespace supportbytime::usecases
