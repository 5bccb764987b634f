// The real supportbytime-server binary, started on a free port against a
// test database, for end-to-end tests over gRPC.
#ifndef SUPPORTBYTIME_TESTS_SUPPORT_TEST_SERVER_H_
#define SUPPORTBYTIME_TESTS_SUPPORT_TEST_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "tests/support/server_under_test.h"

namespace supportbytime::testing {

// Result of running the binary to completion.
struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `supportbytime-server args...` and waits for it.
CommandResult RunServerCommand(const std::vector<std::string>& args,
                               const std::vector<std::string>& env = {});

class TestServer final : public ServerUnderTest {
 public:
  // Starts `serve` and waits until it listens and its health is SERVING.
  explicit TestServer(const std::string& database_url,
                      const std::vector<std::string>& extra_args = {});
  ~TestServer() override;
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  const std::string& address() const override { return address_; }
  std::shared_ptr<grpc::Channel> channel() const override { return channel_; }

  // Creates an API key with the real `create-api-key` command; returns the
  // secret. `client` is a resource name for CLIENT keys.
  std::string CreateApiKey(const std::string& role, const std::string& client = "",
                           const std::string& display_name = "") override;

  // A client context with the bearer key and a 10 s deadline.
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& key);

  // Sends SIGTERM and returns the exit code (again on later calls).
  int Stop() override;
  // What the server logged so far (stderr).
  std::string Logs() const;

 private:
  std::string database_url_;
  std::string log_path_;
  pid_t pid_ = -1;
  int exit_code_ = -1;
  std::string address_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace supportbytime::testing

#endif  // SUPPORTBYTIME_TESTS_SUPPORT_TEST_SERVER_H_
