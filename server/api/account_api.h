// AccountService: clients, subscriptions and API keys.
#ifndef SUPPORTBYTIME_SERVER_API_ACCOUNT_API_H_
#define SUPPORTBYTIME_SERVER_API_ACCOUNT_API_H_

#include <string>

#include "server/api/call.h"
#include "server/usecases/accounts.h"
#include "supportbytime/v1/account_service.grpc.pb.h"

namespace supportbytime::api {

class AccountApi final : public v1::AccountService::Service {
 public:
  AccountApi(CallRunner& run, usecases::Accounts& accounts, std::string default_time_zone)
      : run_(run), accounts_(accounts), default_time_zone_(std::move(default_time_zone)) {}

  grpc::Status CreateClient(grpc::ServerContext* ctx, const v1::CreateClientRequest* req,
                            v1::Client* resp) override;
  grpc::Status GetClient(grpc::ServerContext* ctx, const v1::GetClientRequest* req,
                         v1::Client* resp) override;
  grpc::Status ListClients(grpc::ServerContext* ctx, const v1::ListClientsRequest* req,
                           v1::ListClientsResponse* resp) override;
  grpc::Status UpdateClient(grpc::ServerContext* ctx, const v1::UpdateClientRequest* req,
                            v1::Client* resp) override;
  grpc::Status CreateSubscription(grpc::ServerContext* ctx,
                                  const v1::CreateSubscriptionRequest* req,
                                  v1::Subscription* resp) override;
  grpc::Status GetSubscription(grpc::ServerContext* ctx, const v1::GetSubscriptionRequest* req,
                               v1::Subscription* resp) override;
  grpc::Status ListSubscriptions(grpc::ServerContext* ctx,
                                 const v1::ListSubscriptionsRequest* req,
                                 v1::ListSubscriptionsResponse* resp) override;
  grpc::Status ActivateSubscription(grpc::ServerContext* ctx,
                                    const v1::ActivateSubscriptionRequest* req,
                                    v1::Subscription* resp) override;
  grpc::Status SuspendSubscription(grpc::ServerContext* ctx,
                                   const v1::SuspendSubscriptionRequest* req,
                                   v1::Subscription* resp) override;
  grpc::Status TerminateSubscription(grpc::ServerContext* ctx,
                                     const v1::TerminateSubscriptionRequest* req,
                                     v1::Subscription* resp) override;
  grpc::Status ChangePackage(grpc::ServerContext* ctx, const v1::ChangePackageRequest* req,
                             v1::Subscription* resp) override;
  grpc::Status CreateApiKey(grpc::ServerContext* ctx, const v1::CreateApiKeyRequest* req,
                            v1::CreateApiKeyResponse* resp) override;
  grpc::Status GetApiKey(grpc::ServerContext* ctx, const v1::GetApiKeyRequest* req,
                         v1::ApiKey* resp) override;
  grpc::Status ListApiKeys(grpc::ServerContext* ctx, const v1::ListApiKeysRequest* req,
                           v1::ListApiKeysResponse* resp) override;
  grpc::Status RevokeApiKey(grpc::ServerContext* ctx, const v1::RevokeApiKeyRequest* req,
                            v1::ApiKey* resp) override;

 private:
  template <class Request>
  grpc::Status Transition(grpc::ServerContext* ctx, const char* rpc, const Request& req,
                          domain::SubscriptionStatus to, v1::Subscription* resp);

  CallRunner& run_;
  usecases::Accounts& accounts_;
  std::string default_time_zone_;
};

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_ACCOUNT_API_H_
