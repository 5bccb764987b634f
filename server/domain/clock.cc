#include "server/domain/clock.h"

#include "absl/time/clock.h"

namespace supportbytime::domain {

// Whole microseconds: PostgreSQL keeps timestamptz to the microsecond, so an
// instant the server answers with equals the one it stored.
absl::Time SystemClock::Now() const { return absl::FromUnixMicros(absl::ToUnixMicros(absl::Now())); }

const SystemClock& SystemClock::Instance() {
  static const SystemClock* const kInstance = new SystemClock();
  return *kInstance;
}

absl::Time FakeClock::Now() const {
  std::lock_guard<std::mutex> lock(mu_);
  return now_;
}

void FakeClock::Set(absl::Time now) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ = now;
}

void FakeClock::Advance(absl::Duration by) {
  std::lock_guard<std::mutex> lock(mu_);
  now_ += by;
}

}  // namespace supportbytime::domain
