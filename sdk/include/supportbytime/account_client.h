// AccountService for C++ callers. Mutations get a request_id when they have
// none, so their retries are safe; see ClientOptions for retries and deadlines.
// Tests of code that uses this client can mock it (it is an interface).
#ifndef SUPPORTBYTIME_SDK_ACCOUNT_CLIENT_H_
#define SUPPORTBYTIME_SDK_ACCOUNT_CLIENT_H_

#include <memory>

#include "absl/status/statusor.h"
#include "supportbytime/client_options.h"
#include "supportbytime/v1/account_service.grpc.pb.h"

namespace supportbytime::sdk {

class AccountClient {
 public:
  virtual ~AccountClient() = default;

  virtual absl::StatusOr<v1::Client> CreateClient(const v1::CreateClientRequest& request) = 0;
  virtual absl::StatusOr<v1::Client> GetClient(const v1::GetClientRequest& request) = 0;
  virtual absl::StatusOr<v1::ListClientsResponse> ListClients(const v1::ListClientsRequest& request) = 0;
  virtual absl::StatusOr<v1::Client> UpdateClient(const v1::UpdateClientRequest& request) = 0;
  virtual absl::StatusOr<v1::Subscription> CreateSubscription(const v1::CreateSubscriptionRequest& request) = 0;
  virtual absl::StatusOr<v1::Subscription> GetSubscription(const v1::GetSubscriptionRequest& request) = 0;
  virtual absl::StatusOr<v1::ListSubscriptionsResponse> ListSubscriptions(const v1::ListSubscriptionsRequest& request) = 0;
  virtual absl::StatusOr<v1::Subscription> ActivateSubscription(const v1::ActivateSubscriptionRequest& request) = 0;
  virtual absl::StatusOr<v1::Subscription> SuspendSubscription(const v1::SuspendSubscriptionRequest& request) = 0;
  virtual absl::StatusOr<v1::Subscription> TerminateSubscription(const v1::TerminateSubscriptionRequest& request) = 0;
  virtual absl::StatusOr<v1::Subscription> ChangePackage(const v1::ChangePackageRequest& request) = 0;
  virtual absl::StatusOr<v1::CreateApiKeyResponse> CreateApiKey(const v1::CreateApiKeyRequest& request) = 0;
  virtual absl::StatusOr<v1::ApiKey> GetApiKey(const v1::GetApiKeyRequest& request) = 0;
  virtual absl::StatusOr<v1::ListApiKeysResponse> ListApiKeys(const v1::ListApiKeysRequest& request) = 0;
  virtual absl::StatusOr<v1::ApiKey> RevokeApiKey(const v1::RevokeApiKeyRequest& request) = 0;
};

// A client over a new channel to options.endpoint.
std::unique_ptr<AccountClient> MakeAccountClient(const ClientOptions& options);
// A client over an existing channel (shared by several clients).
std::unique_ptr<AccountClient> MakeAccountClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel);

}  // namespace supportbytime::sdk

#endif  // SUPPORTBYTIME_SDK_ACCOUNT_CLIENT_H_
