// What the end-to-end tests need of a server: its address, a channel, API
// keys, and a way to stop it. Either the real binary (TestServer) or the same
// services served in the test process (InProcessServer).
#ifndef SUPPORTBYTIME_TESTS_SUPPORT_SERVER_UNDER_TEST_H_
#define SUPPORTBYTIME_TESTS_SUPPORT_SERVER_UNDER_TEST_H_

#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"

namespace supportbytime::testing {

class ServerUnderTest {
 public:
  virtual ~ServerUnderTest() = default;

  virtual const std::string& address() const = 0;
  virtual std::shared_ptr<grpc::Channel> channel() const = 0;

  // Creates an API key as the `create-api-key` command does (by the system,
  // audited); returns the secret. `client` is a resource name for CLIENT keys.
  virtual std::string CreateApiKey(const std::string& role, const std::string& client = "",
                                   const std::string& display_name = "") = 0;

  // Stops serving and returns the exit code (0 for a clean stop); again on
  // later calls.
  virtual int Stop() = 0;
};

}  // namespace supportbytime::testing

#endif  // SUPPORTBYTIME_TESTS_SUPPORT_SERVER_UNDER_TEST_H_
