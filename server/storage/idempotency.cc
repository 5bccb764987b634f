#include "server/storage/idempotency.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/domain/error.h"
#include "server/storage/statements.h"

namespace supportbytime::storage {
namespace {

absl::Status Reused(const IdempotencyKey& key) {
  return domain::Error(absl::StatusCode::kAlreadyExists, "REQUEST_ID_REUSED",
                       absl::StrCat("request_id ", key.request_id,
                                    " was already used for a different request; send a new "
                                    "request_id for a new request."),
                       {{"request_id", key.request_id}});
}

// Claims a key; changes no row when it is already claimed.
constexpr Sql kClaim{
    "idempotency.claim",
    "insert into idempotency_keys (principal, request_id, method, request_hash)"
    " values (:p, cast(:r as uuid), :m, decode(:h, 'hex')) on conflict do nothing"};

// What the key was first used for, and its reply (NULL until stored).
constexpr Sql kLookup{
    "idempotency.lookup",
    "select method, encode(request_hash, 'hex'), encode(response, 'hex')"
    " from idempotency_keys where principal = :p and request_id = cast(:r as uuid)"};

// Stores the reply of the call that claimed the key.
constexpr Sql kStoreReply{
    "idempotency.store_reply",
    "update idempotency_keys set response = decode(:b, 'hex')"
    " where principal = :p and request_id = cast(:r as uuid) and response is null"};

// Keys older than the TTL. Housekeeping compares the database's own
// timestamps with its own clock.
constexpr Sql kPurge{
    "idempotency.purge",
    "delete from idempotency_keys where created_at < now() - :ttl * interval '1 microsecond'"};

// The key as stored: what it was used for and its reply, if any.
struct Stored {
  std::string method;
  std::string hash_hex;
  std::optional<std::string> reply;
};

bool Claim(soci::session& s, const IdempotencyKey& key, const std::string& hash_hex) {
  return ExecCount(s, kClaim, soci::use(key.principal, "p"), soci::use(key.request_id, "r"),
                   soci::use(key.method, "m"), soci::use(hash_hex, "h")) > 0;
}

Stored Lookup(soci::session& s, const IdempotencyKey& key) {
  Stored out;
  std::string reply_hex;
  soci::indicator reply_ind = soci::i_ok;
  Exec(s, kLookup, soci::use(key.principal, "p"), soci::use(key.request_id, "r"),
       soci::into(out.method), soci::into(out.hash_hex), soci::into(reply_hex, reply_ind));
  if (reply_ind != soci::i_null) out.reply = absl::HexStringToBytes(reply_hex);
  return out;
}

void StoreReply(soci::session& s, const IdempotencyKey& key, const std::string& reply) {
  const std::string reply_hex = absl::BytesToHexString(reply);
  Exec(s, kStoreReply, soci::use(reply_hex, "b"), soci::use(key.principal, "p"),
       soci::use(key.request_id, "r"));
}

// The stored reply of a key this call did not claim: refused when the key
// was used for another request.
absl::StatusOr<std::string> Replay(soci::session& s, const IdempotencyKey& key,
                                   const std::string& hash_hex) {
  const Stored stored = Lookup(s, key);
  if (stored.method != key.method || stored.hash_hex != hash_hex) return Reused(key);
  if (!stored.reply) {
    return domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                         "The first call with this request_id left no response.");
  }
  return *stored.reply;
}

}  // namespace

absl::StatusOr<std::string> RunIdempotent(Database& db, const IdempotencyKey& key,
                                          const MutationBody& body) {
  absl::StatusOr<std::string> result;
  absl::Status st = db.InTransaction([&](soci::session& s) -> absl::Status {
    const bool keyed = !key.request_id.empty();
    const std::string hash_hex = absl::BytesToHexString(key.request_hash);
    // A concurrent claim of the same key blocks here until that transaction
    // ends: then this claim either succeeds (it rolled back) or changes
    // nothing (it committed, and its reply is replayed).
    if (keyed && !Claim(s, key, hash_hex)) {
      result = Replay(s, key, hash_hex);
      return result.status();
    }
    result = body(s);
    if (result.ok() && keyed) StoreReply(s, key, *result);
    return result.status();
  });
  if (!st.ok()) return st;
  return result;
}

absl::StatusOr<std::optional<std::string>> ClaimForRun(Database& db, const IdempotencyKey& key) {
  std::optional<std::string> out;
  if (key.request_id.empty()) return out;
  absl::Status st = db.InTransaction([&](soci::session& s) -> absl::Status {
    const std::string hash_hex = absl::BytesToHexString(key.request_hash);
    Claim(s, key, hash_hex);
    Stored stored = Lookup(s, key);
    if (stored.method != key.method || stored.hash_hex != hash_hex) return Reused(key);
    out = std::move(stored.reply);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

std::string CompleteRun(soci::session& s, const IdempotencyKey& key, const std::string& response) {
  if (key.request_id.empty()) return response;
  StoreReply(s, key, response);
  return Lookup(s, key).reply.value_or(response);
}

absl::StatusOr<long long> PurgeIdempotencyKeys(Database& db, absl::Duration ttl) {
  long long deleted = 0;
  const long long ttl_us = absl::ToInt64Microseconds(ttl);
  absl::Status st = db.Run([&](soci::session& s) {
    deleted = ExecCount(s, kPurge, soci::use(ttl_us, "ttl"));
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return deleted;
}

}  // namespace supportbytime::storage
