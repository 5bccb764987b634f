#include "supportbytime/client_options.h"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace supportbytime::sdk {

std::shared_ptr<grpc::Channel> MakeChannel(const ClientOptions& options) {
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (options.use_tls) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = options.tls_ca_pem;
    credentials = grpc::SslCredentials(ssl);
  } else {
    credentials = grpc::InsecureChannelCredentials();
  }
  return grpc::CreateChannel(options.endpoint, credentials);
}

}  // namespace supportbytime::sdk
