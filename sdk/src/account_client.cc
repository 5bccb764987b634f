#include "supportbytime/account_client.h"

#include "grpc_client.h"

namespace supportbytime::sdk {
namespace {

class GrpcAccountClient final : public internal::GrpcClient<AccountClient, v1::AccountService> {
 public:
  using GrpcClient::GrpcClient;

  // One RPC a line.
  // clang-format off
  absl::StatusOr<v1::Client> CreateClient(const v1::CreateClientRequest& request) override { return Call(&Stub::CreateClient, request); }
  absl::StatusOr<v1::Client> GetClient(const v1::GetClientRequest& request) override { return Call(&Stub::GetClient, request); }
  absl::StatusOr<v1::ListClientsResponse> ListClients(const v1::ListClientsRequest& request) override { return Call(&Stub::ListClients, request); }
  absl::StatusOr<v1::Client> UpdateClient(const v1::UpdateClientRequest& request) override { return Call(&Stub::UpdateClient, request); }
  absl::StatusOr<v1::Subscription> CreateSubscription(const v1::CreateSubscriptionRequest& request) override { return Call(&Stub::CreateSubscription, request); }
  absl::StatusOr<v1::Subscription> GetSubscription(const v1::GetSubscriptionRequest& request) override { return Call(&Stub::GetSubscription, request); }
  absl::StatusOr<v1::ListSubscriptionsResponse> ListSubscriptions(const v1::ListSubscriptionsRequest& request) override { return Call(&Stub::ListSubscriptions, request); }
  absl::StatusOr<v1::Subscription> ActivateSubscription(const v1::ActivateSubscriptionRequest& request) override { return Call(&Stub::ActivateSubscription, request); }
  absl::StatusOr<v1::Subscription> SuspendSubscription(const v1::SuspendSubscriptionRequest& request) override { return Call(&Stub::SuspendSubscription, request); }
  absl::StatusOr<v1::Subscription> TerminateSubscription(const v1::TerminateSubscriptionRequest& request) override { return Call(&Stub::TerminateSubscription, request); }
  absl::StatusOr<v1::Subscription> ChangePackage(const v1::ChangePackageRequest& request) override { return Call(&Stub::ChangePackage, request); }
  absl::StatusOr<v1::CreateApiKeyResponse> CreateApiKey(const v1::CreateApiKeyRequest& request) override { return Call(&Stub::CreateApiKey, request); }
  absl::StatusOr<v1::ApiKey> GetApiKey(const v1::GetApiKeyRequest& request) override { return Call(&Stub::GetApiKey, request); }
  absl::StatusOr<v1::ListApiKeysResponse> ListApiKeys(const v1::ListApiKeysRequest& request) override { return Call(&Stub::ListApiKeys, request); }
  absl::StatusOr<v1::ApiKey> RevokeApiKey(const v1::RevokeApiKeyRequest& request) override { return Call(&Stub::RevokeApiKey, request); }
  // clang-format on
};

}  // namespace

std::unique_ptr<AccountClient> MakeAccountClient(const ClientOptions& options) {
  return internal::MakeClient<GrpcAccountClient>(options);
}

std::unique_ptr<AccountClient> MakeAccountClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel) {
  return internal::MakeClient<GrpcAccountClient>(options, std::move(channel));
}

}  // namespace supportbytime::sdk
