#include "server/app/services.h"

#include "server/api/account_api.h"
#include "server/api/billing_api.h"
#include "server/api/call.h"
#include "server/api/history_api.h"
#include "server/api/package_api.h"
#include "server/api/rpc_roles.h"
#include "server/api/ticket_api.h"
#include "server/api/time_log_api.h"
#include "server/storage/account_store.h"
#include "server/storage/api_key_store.h"
#include "server/storage/billing_store.h"
#include "server/storage/credit_store.h"
#include "server/storage/idempotency.h"
#include "server/storage/package_store.h"
#include "server/storage/ticket_store.h"
#include "server/storage/time_log_store.h"
#include "server/storage/transaction.h"
#include "server/usecases/accounts.h"
#include "server/usecases/billing.h"
#include "server/usecases/billing_usage_alerts.h"
#include "server/usecases/credit.h"
#include "server/usecases/packages.h"
#include "server/usecases/tickets.h"
#include "server/usecases/time_log.h"
#include "supportbytime/v1/ticket_service.grpc.pb.h"
#include "supportbytime/v1/time_log_service.grpc.pb.h"

namespace supportbytime::app {

using api::AccountApi;
using api::BillingApi;
using api::CallRunner;
using api::HistoryApi;
using api::PackageApi;
using api::TicketApi;
using api::TimeLogApi;

struct ApiServices::Impl {
  explicit Impl(Deps d)
      : deps(d),
        runner(d.authenticator, d.clock),
        transactions(d.db),
        idempotency(d.db),
        packages(transactions, idempotency, package_repo, d.clock),
        accounts(transactions, idempotency, account_repo, package_repo, d.clock, d.goodwill_bases),
        tickets(transactions, idempotency, ticket_repo, d.clock, d.business_calendar),
        time_log(transactions, idempotency, time_log_store, d.clock),
        billing(d.db),
        credit(d.db),
        alerts(d.db),
        credit_cases(transactions, idempotency, credit, d.clock, d.goodwill_bases),
        billing_cases(transactions, idempotency, billing, credit_cases, d.clock),
        alert_cases(idempotency, alerts, d.clock),
        history(d.db),
        package_api(runner, packages),
        account_api(runner, accounts, d.default_time_zone),
        ticket_api(runner, tickets, d.business_calendar),
        time_log_api(runner, time_log),
        billing_api(runner, billing, billing_cases, credit_cases, alerts, alert_cases),
        history_api(runner, history, d.default_time_zone) {}

  Deps deps;
  CallRunner runner;
  storage::DatabaseTransactions transactions;
  storage::DatabaseIdempotency idempotency;
  storage::PackageStore package_repo;
  storage::AccountStore account_repo;
  storage::TicketStore ticket_repo;
  usecases::Packages packages;
  usecases::Accounts accounts;
  usecases::Tickets tickets;
  storage::TimeLogStore time_log_store;
  usecases::TimeLog time_log;
  storage::BillingStore billing;
  storage::CreditStore credit;
  storage::UsageAlertStore alerts;
  usecases::Credit credit_cases;
  usecases::Billing billing_cases;
  usecases::UsageAlerts alert_cases;
  storage::HistoryStore history;
  PackageApi package_api;
  AccountApi account_api;
  TicketApi ticket_api;
  TimeLogApi time_log_api;
  BillingApi billing_api;
  HistoryApi history_api;
};

ApiServices::ApiServices(Deps deps) : impl_(std::make_unique<Impl>(deps)) {
  api::AllowRoles(impl_->runner);
}
ApiServices::~ApiServices() = default;

void ApiServices::RegisterWith(grpc::ServerBuilder& builder) {
  builder.RegisterService(&impl_->package_api);
  builder.RegisterService(&impl_->account_api);
  builder.RegisterService(&impl_->ticket_api);
  builder.RegisterService(&impl_->time_log_api);
  builder.RegisterService(&impl_->billing_api);
  builder.RegisterService(&impl_->history_api);
}

std::vector<std::string> ApiServices::ServiceNames() const {
  return {v1::PackageService::service_full_name(), v1::AccountService::service_full_name(),
          v1::TicketService::service_full_name(),  v1::TimeLogService::service_full_name(),
          v1::BillingService::service_full_name(), v1::HistoryService::service_full_name()};
}

}  // namespace supportbytime::app
