#include "supportbytime/account_client.h"

#include "invoke.h"

namespace supportbytime::sdk {
namespace {

class GrpcAccountClient final : public AccountClient {
 public:
  using Stub = v1::AccountService::Stub;
  GrpcAccountClient(ClientOptions options, std::shared_ptr<grpc::Channel> channel)
      : options_(std::move(options)), stub_(v1::AccountService::NewStub(std::move(channel))) {}

  absl::StatusOr<v1::Client> CreateClient(const v1::CreateClientRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::CreateClient, request);
  }
  absl::StatusOr<v1::Client> GetClient(const v1::GetClientRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::GetClient, request);
  }
  absl::StatusOr<v1::ListClientsResponse> ListClients(const v1::ListClientsRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ListClients, request);
  }
  absl::StatusOr<v1::Client> UpdateClient(const v1::UpdateClientRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::UpdateClient, request);
  }
  absl::StatusOr<v1::Subscription> CreateSubscription(const v1::CreateSubscriptionRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::CreateSubscription, request);
  }
  absl::StatusOr<v1::Subscription> GetSubscription(const v1::GetSubscriptionRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::GetSubscription, request);
  }
  absl::StatusOr<v1::ListSubscriptionsResponse> ListSubscriptions(const v1::ListSubscriptionsRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ListSubscriptions, request);
  }
  absl::StatusOr<v1::Subscription> ActivateSubscription(const v1::ActivateSubscriptionRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ActivateSubscription, request);
  }
  absl::StatusOr<v1::Subscription> SuspendSubscription(const v1::SuspendSubscriptionRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::SuspendSubscription, request);
  }
  absl::StatusOr<v1::Subscription> TerminateSubscription(const v1::TerminateSubscriptionRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::TerminateSubscription, request);
  }
  absl::StatusOr<v1::Subscription> ChangePackage(const v1::ChangePackageRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ChangePackage, request);
  }
  absl::StatusOr<v1::CreateApiKeyResponse> CreateApiKey(const v1::CreateApiKeyRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::CreateApiKey, request);
  }
  absl::StatusOr<v1::ApiKey> GetApiKey(const v1::GetApiKeyRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::GetApiKey, request);
  }
  absl::StatusOr<v1::ListApiKeysResponse> ListApiKeys(const v1::ListApiKeysRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::ListApiKeys, request);
  }
  absl::StatusOr<v1::ApiKey> RevokeApiKey(const v1::RevokeApiKeyRequest& request) override {
    return internal::Invoke(options_, *stub_, &Stub::RevokeApiKey, request);
  }

 private:
  ClientOptions options_;
  std::unique_ptr<Stub> stub_;
};

}  // namespace

std::unique_ptr<AccountClient> MakeAccountClient(const ClientOptions& options) {
  return MakeAccountClient(options, MakeChannel(options));
}

std::unique_ptr<AccountClient> MakeAccountClient(const ClientOptions& options,
                                                std::shared_ptr<grpc::Channel> channel) {
  return std::make_unique<GrpcAccountClient>(options, std::move(channel));
}

}  // namespace supportbytime::sdk
