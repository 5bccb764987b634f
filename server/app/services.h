// Wiring: every gRPC service of the API, built over one database and one clock.
#ifndef SUPPORTBYTIME_SERVER_APP_SERVICES_H_
#define SUPPORTBYTIME_SERVER_APP_SERVICES_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/server_builder.h"
#include "server/auth/authenticator.h"
#include "server/domain/business_calendar.h"
#include "server/domain/clock.h"
#include "server/domain/goodwill.h"
#include "server/storage/database.h"

namespace supportbytime::app {

class ApiServices final {
 public:
  struct Deps {
    storage::Database& db;
    auth::Authenticator& authenticator;
    // The one clock of the server: every "now" of every call comes from it.
    const domain::Clock& clock;
    std::string default_time_zone;
    // Business hours of first-response SLAs (R13).
    domain::BusinessCalendar business_calendar;
    // The goodwill base deposit of each currency (R22).
    domain::GoodwillBases goodwill_bases;
  };

  explicit ApiServices(Deps deps);
  ~ApiServices();

  void RegisterWith(grpc::ServerBuilder& builder);
  // Fully qualified names, for the health service.
  std::vector<std::string> ServiceNames() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace supportbytime::app

#endif  // SUPPORTBYTIME_SERVER_APP_SERVICES_H_
