#include "server/storage/statements.h"

#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "absl/container/flat_hash_map.h"

namespace supportbytime::storage {
namespace {

// Which pooled sessions have a cache. Written only when a Database opens or
// closes; read on every statement, hence the shared lock.
struct Registry {
  std::shared_mutex mu;
  absl::flat_hash_map<const soci::session*, StatementCache*> caches;
};

Registry& TheRegistry() {
  static Registry* registry = new Registry();
  return *registry;
}

StatementCache* CacheOf(const soci::session& s) {
  Registry& r = TheRegistry();
  std::shared_lock lock(r.mu);
  auto it = r.caches.find(&s);
  return it == r.caches.end() ? nullptr : it->second;
}

}  // namespace

// Only the thread that leased the connection touches its cache, so the map
// needs no lock of its own.
struct StatementCache::Impl {
  std::map<std::string, std::unique_ptr<soci::statement>, std::less<>> statements;

  soci::statement& Get(soci::session& s, const Sql& sql) {
    auto it = statements.find(sql.name);
    if (it != statements.end()) return *it->second;
    auto st = std::make_unique<soci::statement>(s);
    st->alloc();
    st->prepare(std::string(sql.text), soci::details::st_repeatable_query);
    return *statements.emplace(std::string(sql.name), std::move(st)).first->second;
  }
};

StatementCache::StatementCache() : impl_(std::make_unique<Impl>()) {}
StatementCache::~StatementCache() = default;

void StatementCache::Attach(const soci::session& session, StatementCache* cache) {
  Registry& r = TheRegistry();
  std::unique_lock lock(r.mu);
  if (cache == nullptr) {
    r.caches.erase(&session);
  } else {
    r.caches[&session] = cache;
  }
}

void StatementCache::Clear() { impl_->statements.clear(); }

soci::statement& StatementCache::Get(soci::session& s, const Sql& sql) {
  return impl_->Get(s, sql);
}

BoundStatement::BoundStatement(soci::session& s, const Sql& sql) {
  if (StatementCache* cache = CacheOf(s); cache != nullptr) {
    statement_ = &cache->Get(s, sql);
    return;
  }
  owned_ = std::make_unique<soci::statement>(s);
  owned_->alloc();
  owned_->prepare(std::string(sql.text), soci::details::st_one_time_query);
  statement_ = owned_.get();
}

BoundStatement::~BoundStatement() {
  try {
    statement_->bind_clean_up();
  } catch (...) {
    // Clearing binds frees client memory only; nothing to report.
  }
}

bool BoundStatement::Execute() {
  statement_->define_and_bind();
  return statement_->execute(true);
}

}  // namespace supportbytime::storage
