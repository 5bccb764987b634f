// Housekeeping that every replica may run: purging expired idempotency keys
// (R11 keeps them at least 24 hours; --idempotency-ttl, 48h by default).
#ifndef SUPPORTBYTIME_SERVER_APP_MAINTENANCE_H_
#define SUPPORTBYTIME_SERVER_APP_MAINTENANCE_H_

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/time/time.h"
#include "server/storage/database.h"

namespace supportbytime::app {

class Maintenance final {
 public:
  Maintenance(storage::Database& db, absl::Duration idempotency_ttl, absl::Duration interval);
  ~Maintenance();

  // Runs once now, then every interval on its own thread until Stop().
  void Start();
  void Stop();

 private:
  void RunOnce();

  storage::Database& db_;
  absl::Duration ttl_;
  absl::Duration interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace supportbytime::app

#endif  // SUPPORTBYTIME_SERVER_APP_MAINTENANCE_H_
