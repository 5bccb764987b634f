// The wire form of a client, shared by AccountService and the BillingService
// RPCs that answer with a Client (SetGoodwillCredit, RecordMissedPayment).
#ifndef SUPPORTBYTIME_SERVER_API_CLIENT_CONVERT_H_
#define SUPPORTBYTIME_SERVER_API_CLIENT_CONVERT_H_

#include "server/domain/account.h"
#include "supportbytime/v1/account.pb.h"

namespace supportbytime::api {

void ClientToProto(const domain::Client& c, v1::Client* out);

}  // namespace supportbytime::api

#endif  // SUPPORTBYTIME_SERVER_API_CLIENT_CONVERT_H_
