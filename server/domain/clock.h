// Where "now" comes from.
//
// Every rule that depends on the current instant (timers, period closing,
// SLA status, future-dated entries, postpayment windows) takes a Clock, so a
// test can put the whole system at any instant, e.g. one second before a
// month ends in Warsaw.
#ifndef SUPPORTBYTIME_SERVER_DOMAIN_CLOCK_H_
#define SUPPORTBYTIME_SERVER_DOMAIN_CLOCK_H_

#include <mutex>

#include "absl/time/time.h"

namespace supportbytime::domain {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

// The real wall clock, to the microsecond (what PostgreSQL stores). Stateless, so one instance can be shared by all threads.
class SystemClock final : public Clock {
 public:
  absl::Time Now() const override;

  // A process-wide instance for wiring code that needs a default.
  static const SystemClock& Instance();
};

// A clock that only moves when told to. Thread-safe, because servers under
// test read it from many handler threads while the test advances it.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time now = absl::UnixEpoch()) : now_(now) {}

  absl::Time Now() const override;
  void Set(absl::Time now);
  void Advance(absl::Duration by);

 private:
  mutable std::mutex mu_;
  absl::Time now_;
};

}  // namespace supportbytime::domain

#endif  // SUPPORTBYTIME_SERVER_DOMAIN_CLOCK_H_
