#include "server/app/maintenance.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "server/util/log.h"
#include "server/storage/idempotency.h"

namespace supportbytime::app {

Maintenance::Maintenance(storage::Database& db, absl::Duration idempotency_ttl,
                         absl::Duration interval)
    : db_(db), ttl_(idempotency_ttl), interval_(interval) {}

Maintenance::~Maintenance() { Stop(); }

void Maintenance::RunOnce() {
  // Replicas may purge concurrently: the DELETE is idempotent.
  auto purged = storage::PurgeIdempotencyKeys(db_, ttl_);
  if (!purged.ok()) {
    util::Log("warn", "idempotency purge failed", {{"error", std::string(purged.status().message())}});
  } else if (*purged > 0) {
    util::Log("info", "idempotency keys purged", {{"count", absl::StrCat(*purged), true}});
  }
}

void Maintenance::Start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      lock.unlock();
      RunOnce();
      lock.lock();
      cv_.wait_for(lock, std::chrono::microseconds(absl::ToInt64Microseconds(interval_)),
                   [this] { return stopping_; });
    }
  });
}

void Maintenance::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace supportbytime::app
