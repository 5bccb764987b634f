#include "server/app/health.h"

#include <chrono>
#include <utility>

#include "server/util/log.h"
#include "server/storage/migrations.h"

namespace supportbytime::app {

HealthReporter::HealthReporter(grpc::HealthCheckServiceInterface* health, storage::Database& db,
                               std::vector<std::string> services, absl::Duration interval)
    : health_(health), db_(db), services_(std::move(services)), interval_(interval) {}

HealthReporter::~HealthReporter() { Shutdown(); }

bool HealthReporter::CheckOnce() {
  absl::StatusOr<storage::SchemaState> state = storage::ReadSchemaState(db_);
  const bool serving = state.ok() && state->current();
  health_->SetServingStatus(serving);
  for (const std::string& s : services_) health_->SetServingStatus(s, serving);
  if (!reported_ || serving != last_serving_) {
    std::string why = serving ? "database reachable, schema current"
                      : !state.ok() ? std::string(state.status().message())
                                    : "database schema is behind this binary; run migrate";
    util::Log(serving ? "info" : "warn", serving ? "health: SERVING" : "health: NOT_SERVING",
        {{"detail", why}});
  }
  reported_ = true;
  last_serving_ = serving;
  return serving;
}

void HealthReporter::Start() {
  CheckOnce();
  thread_ = std::thread([this] { Loop(); });
}

void HealthReporter::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, std::chrono::microseconds(absl::ToInt64Microseconds(interval_)));
    if (stopping_) break;
    lock.unlock();
    CheckOnce();
    lock.lock();
  }
}

void HealthReporter::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  // Marks every service NOT_SERVING and ignores later updates.
  health_->Shutdown();
}

}  // namespace supportbytime::app
