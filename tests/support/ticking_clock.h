// The clock of the in-process server under test: it stands where the test
// puts it (Set, Advance) and, like real time, never answers the same instant
// twice: every reading moves it one microsecond on. So two resources created
// one after the other are ordered as they would be in production, and a test
// still decides exactly which day, month or second the server lives in.
#ifndef SUPPORTBYTIME_TESTS_SUPPORT_TICKING_CLOCK_H_
#define SUPPORTBYTIME_TESTS_SUPPORT_TICKING_CLOCK_H_

#include <mutex>

#include "absl/time/time.h"
#include "server/domain/clock.h"

namespace supportbytime::testing {

class TickingClock final : public domain::Clock {
 public:
  absl::Time Now() const override {
    std::lock_guard<std::mutex> lock(mu_);
    const absl::Time now = now_;
    now_ += absl::Microseconds(1);
    return now;
  }
  void Set(absl::Time now) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ = now;
  }
  void Advance(absl::Duration by) {
    std::lock_guard<std::mutex> lock(mu_);
    now_ += by;
  }

 private:
  mutable std::mutex mu_;
  mutable absl::Time now_ = absl::UnixEpoch();
};

}  // namespace supportbytime::testing

#endif  // SUPPORTBYTIME_TESTS_SUPPORT_TICKING_CLOCK_H_
