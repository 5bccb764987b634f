// The states of the resources whose rules live in this layer (SPEC section 2).
//
// Kept apart from the protos so that the rules compile and test without them;
// the api layer maps each enum one to one onto its proto counterpart.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_LIFECYCLE_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_LIFECYCLE_H_

namespace supportbytime::domain {

enum class BillingCycle { kOneTime, kMonthly };

enum class SubscriptionStatus { kPending, kActive, kSuspended, kTerminated, kDepleted };

enum class TicketStatus { kOpen, kOnHold, kClosed };

enum class PeriodState { kOpen, kClosed };

enum class InvoiceStatus { kUnpaid, kPaid, kCancelled };

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_LIFECYCLE_H_
