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
#include "server/storage/idempotency.h"
#include "server/storage/package_store.h"
#include "server/storage/ticket_store.h"
#include "server/storage/time_log_store.h"
#include "server/storage/transaction.h"
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
        packages(d.db),
        accounts(d.db, d.goodwill_bases),
        keys(d.db),
        tickets(d.db, d.business_calendar),
        transactions(d.db),
        idempotency(d.db),
        time_log(transactions, idempotency, time_log_store, d.clock),
        billing(d.db),
        credit(d.db, d.goodwill_bases),
        alerts(d.db),
        history(d.db),
        package_api(runner, packages),
        account_api(runner, accounts, keys, d.default_time_zone),
        ticket_api(runner, tickets, d.business_calendar),
        time_log_api(runner, time_log),
        billing_api(runner, billing, credit, alerts, d.goodwill_bases),
        history_api(runner, history, d.default_time_zone) {}

  Deps deps;
  CallRunner runner;
  storage::PackageStore packages;
  storage::AccountStore accounts;
  storage::ApiKeyStore keys;
  storage::TicketStore tickets;
  storage::DatabaseTransactions transactions;
  storage::DatabaseIdempotency idempotency;
  storage::TimeLogStore time_log_store;
  usecases::TimeLog time_log;
  storage::BillingStore billing;
  storage::CreditStore credit;
  storage::UsageAlertStore alerts;
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
