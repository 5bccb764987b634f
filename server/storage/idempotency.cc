#include "server/storage/idempotency.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/domain/error.h"

namespace supportbytime::storage {
namespace {

absl::Status Reused(const IdempotencyKey& key) {
  return domain::Error(absl::StatusCode::kAlreadyExists, "REQUEST_ID_REUSED",
                       absl::StrCat("request_id ", key.request_id,
                                    " was already used for a different request; send a new "
                                    "request_id for a new request."),
                       {{"request_id", key.request_id}});
}

}  // namespace

absl::StatusOr<std::string> RunIdempotent(Database& db, const IdempotencyKey& key,
                                          const MutationBody& body) {
  absl::StatusOr<std::string> result;
  absl::Status st = db.InTransaction([&](soci::session& s) -> absl::Status {
    if (!key.request_id.empty()) {
      const std::string hash_hex = absl::BytesToHexString(key.request_hash);
      // A concurrent claim of the same key blocks here until that
      // transaction ends: then this insert either succeeds (it rolled back)
      // or does nothing (it committed, and its response is replayed).
      soci::statement claim =
          (s.prepare << "insert into idempotency_keys (principal, request_id, method, request_hash)"
                        " values (:p, cast(:r as uuid), :m, decode(:h, 'hex'))"
                        " on conflict do nothing",
           soci::use(key.principal), soci::use(key.request_id), soci::use(key.method),
           soci::use(hash_hex));
      claim.execute(true);
      if (claim.get_affected_rows() == 0) {
        std::string method, stored_hash, response;
        soci::indicator response_ind = soci::i_ok;
        s << "select method, encode(request_hash, 'hex'), encode(response, 'hex')"
             " from idempotency_keys where principal = :p and request_id = cast(:r as uuid)",
            soci::into(method), soci::into(stored_hash), soci::into(response, response_ind),
            soci::use(key.principal), soci::use(key.request_id);
        if (method != key.method || stored_hash != hash_hex) {
          result = Reused(key);
          return result.status();
        }
        if (response_ind == soci::i_null) {
          result = domain::Error(absl::StatusCode::kInternal, domain::kReasonInternal,
                                 "The first call with this request_id left no response.");
          return result.status();
        }
        result = absl::HexStringToBytes(response);
        return absl::OkStatus();
      }
    }
    result = body(s);
    if (!result.ok()) return result.status();
    if (!key.request_id.empty()) {
      const std::string response_hex = absl::BytesToHexString(*result);
      s << "update idempotency_keys set response = decode(:b, 'hex')"
           " where principal = :p and request_id = cast(:r as uuid)",
          soci::use(response_hex), soci::use(key.principal), soci::use(key.request_id);
    }
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return result;
}

absl::StatusOr<std::optional<std::string>> ClaimForRun(Database& db, const IdempotencyKey& key) {
  std::optional<std::string> out;
  if (key.request_id.empty()) return out;
  absl::Status st = db.InTransaction([&](soci::session& s) -> absl::Status {
    const std::string hash_hex = absl::BytesToHexString(key.request_hash);
    s << "insert into idempotency_keys (principal, request_id, method, request_hash)"
         " values (:p, cast(:r as uuid), :m, decode(:h, 'hex')) on conflict do nothing",
        soci::use(key.principal), soci::use(key.request_id), soci::use(key.method),
        soci::use(hash_hex);
    std::string method, stored_hash, response;
    soci::indicator response_ind = soci::i_ok;
    s << "select method, encode(request_hash, 'hex'), encode(response, 'hex')"
         " from idempotency_keys where principal = :p and request_id = cast(:r as uuid)",
        soci::into(method), soci::into(stored_hash), soci::into(response, response_ind),
        soci::use(key.principal), soci::use(key.request_id);
    if (method != key.method || stored_hash != hash_hex) return Reused(key);
    if (response_ind != soci::i_null) out = absl::HexStringToBytes(response);
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return out;
}

std::string CompleteRun(soci::session& s, const IdempotencyKey& key, const std::string& response) {
  if (key.request_id.empty()) return response;
  const std::string response_hex = absl::BytesToHexString(response);
  s << "update idempotency_keys set response = decode(:b, 'hex')"
       " where principal = :p and request_id = cast(:r as uuid) and response is null",
      soci::use(response_hex), soci::use(key.principal), soci::use(key.request_id);
  std::string stored;
  s << "select encode(response, 'hex') from idempotency_keys"
       " where principal = :p and request_id = cast(:r as uuid)",
      soci::use(key.principal), soci::use(key.request_id), soci::into(stored);
  return absl::HexStringToBytes(stored);
}

absl::StatusOr<long long> PurgeIdempotencyKeys(Database& db, absl::Duration ttl) {
  long long deleted = 0;
  const long long ttl_us = absl::ToInt64Microseconds(ttl);
  absl::Status st = db.Run([&](soci::session& s) {
    soci::statement purge =
        (s.prepare << "delete from idempotency_keys"
                      " where created_at < now() - :ttl * interval '1 microsecond'",
         soci::use(ttl_us));
    purge.execute(true);
    deleted = purge.get_affected_rows();
    return absl::OkStatus();
  });
  if (!st.ok()) return st;
  return deleted;
}

}  // namespace supportbytime::storage
