// Keeps the standard gRPC health status true: SERVING only while the
// database answers and its schema is current.
#ifndef SUPPORTBYTIME_SERVER_APP_HEALTH_H_
#define SUPPORTBYTIME_SERVER_APP_HEALTH_H_

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/health_check_service_interface.h"
#include "server/storage/database.h"

namespace supportbytime::app {

class HealthReporter final {
 public:
  // `services` are the fully qualified service names reported besides "".
  HealthReporter(grpc::HealthCheckServiceInterface* health, storage::Database& db,
                 std::vector<std::string> services, absl::Duration interval);
  ~HealthReporter();

  // Checks once, then keeps checking every interval on its own thread.
  void Start();
  // Stops checking and reports NOT_SERVING for good (shutdown).
  void Shutdown();

 private:
  bool CheckOnce();
  void Loop();

  grpc::HealthCheckServiceInterface* health_;
  storage::Database& db_;
  std::vector<std::string> services_;
  absl::Duration interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool last_serving_ = false;
  bool reported_ = false;
  std::thread thread_;
};

}  // namespace supportbytime::app

#endif  // SUPPORTBYTIME_SERVER_APP_HEALTH_H_
