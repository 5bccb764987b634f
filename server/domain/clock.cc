#include "server/domain/clock.h"

#include "absl/time/clock.h"

namespace supportbytime::domain {

absl::Time SystemClock::Now() const { return absl::Now(); }

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
