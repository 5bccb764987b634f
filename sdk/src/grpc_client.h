// What every SDK client shares: its options, a stub of its service over a
// channel, and Call(), which runs one RPC through Invoke (request_id, bearer
// key, deadline, retries, status conversion). A client is then one line per
// RPC:
//
//   class GrpcPackageClient final
//       : public internal::GrpcClient<PackageClient, v1::PackageService> {
//    public:
//     using GrpcClient::GrpcClient;
//     absl::StatusOr<v1::Package> GetPackage(const v1::GetPackageRequest& r) override {
//       return Call(&Stub::GetPackage, r);
//     }
//   };
#ifndef SUPPORTBYTIME_SDK_SRC_GRPC_CLIENT_H_
#define SUPPORTBYTIME_SDK_SRC_GRPC_CLIENT_H_

#include <memory>
#include <utility>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "invoke.h"
#include "supportbytime/client_options.h"

namespace supportbytime::sdk::internal {

// Implements `Interface` (one of the public client interfaces) over the
// generated `Service`.
template <class InterfaceT, class Service>
class GrpcClient : public InterfaceT {
 public:
  using Interface = InterfaceT;
  using Stub = typename Service::Stub;

  GrpcClient(ClientOptions options, std::shared_ptr<grpc::Channel> channel)
      : options_(std::move(options)), stub_(Service::NewStub(std::move(channel))) {}

 protected:
  // Runs the stub's unary `method` with `request`.
  template <class Request, class Response>
  absl::StatusOr<Response> Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                             Response*),
                                const Request& request) {
    return Invoke(options_, *stub_, method, request);
  }

 private:
  ClientOptions options_;
  std::unique_ptr<Stub> stub_;
};

// The factory every Make*Client shares: `Client` over `channel`, or over a
// new channel to options.endpoint when `channel` is null.
template <class Client, class Interface = typename Client::Interface>
std::unique_ptr<Interface> MakeClient(const ClientOptions& options,
                                      std::shared_ptr<grpc::Channel> channel = nullptr) {
  if (channel == nullptr) channel = MakeChannel(options);
  return std::make_unique<Client>(options, std::move(channel));
}

}  // namespace supportbytime::sdk::internal

#endif  // SUPPORTBYTIME_SDK_SRC_GRPC_CLIENT_H_
