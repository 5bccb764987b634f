// Named SQL statements, prepared once per pooled connection and reused.
//
// A repository declares each statement it runs as a constant `Sql` with a
// name and a comment saying what it does, and runs it with Exec or ForEach.
// On a connection of a Database's pool the statement is prepared on first use
// (PQprepare) and later calls only bind and execute (one round trip, no
// parse or plan); on any other session (the migrator, a test) it runs as a
// one-time statement.
#ifndef SUPPORTBYTIME_SERVER_STORAGE_STATEMENTS_H_
#define SUPPORTBYTIME_SERVER_STORAGE_STATEMENTS_H_

#include <memory>
#include <utility>

#include "absl/strings/string_view.h"
#include "soci/soci.h"

namespace supportbytime::storage {

// A statement of a repository: `name` is unique in the process (it keys the
// cache), `text` is the SQL with :named parameters.
struct Sql {
  absl::string_view name;
  absl::string_view text;
};

// The statements of one pooled connection. Database owns one per pooled
// session and clears it when the connection is re-established.
class StatementCache final {
 public:
  StatementCache();
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // Registers `cache` as the cache of `session` (nullptr: unregisters).
  static void Attach(const soci::session& session, StatementCache* cache);

  // Drops every statement (their server-side names die with a connection).
  void Clear();

  // The statement prepared for `sql` on `s`, preparing it on first use.
  soci::statement& Get(soci::session& s, const Sql& sql);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A statement ready to bind: the cached one of a pooled connection, or a
// fresh one-time statement. Binds are cleared when it goes out of scope.
class BoundStatement final {
 public:
  BoundStatement(soci::session& s, const Sql& sql);
  ~BoundStatement();
  BoundStatement(const BoundStatement&) = delete;
  BoundStatement& operator=(const BoundStatement&) = delete;

  template <class E>
  void Add(E&& element) {
    statement_->exchange(std::forward<E>(element));
  }
  // Executes and fetches the first row; false when there is none.
  bool Execute();
  // The next row; false when there is none.
  bool Fetch() { return statement_->fetch(); }
  long long AffectedRows() { return statement_->get_affected_rows(); }

 private:
  std::unique_ptr<soci::statement> owned_;  // set for a one-time statement
  soci::statement* statement_ = nullptr;
};

// Runs `sql` with its use() and into() elements; returns whether a row came
// back (the into() variables then hold it).
template <class... Elements>
bool Exec(soci::session& s, const Sql& sql, Elements&&... elements) {
  BoundStatement st(s, sql);
  (st.Add(std::forward<Elements>(elements)), ...);
  return st.Execute();
}

// Like Exec, and returns the number of rows the statement changed.
template <class... Elements>
long long ExecCount(soci::session& s, const Sql& sql, Elements&&... elements) {
  BoundStatement st(s, sql);
  (st.Add(std::forward<Elements>(elements)), ...);
  st.Execute();
  return st.AffectedRows();
}

// Runs `sql` and calls `on_row()` once per row, after the into() variables
// were filled with it.
template <class OnRow, class... Elements>
void ForEach(soci::session& s, const Sql& sql, OnRow&& on_row, Elements&&... elements) {
  BoundStatement st(s, sql);
  (st.Add(std::forward<Elements>(elements)), ...);
  for (bool more = st.Execute(); more; more = st.Fetch()) on_row();
}

}  // namespace supportbytime::storage

#endif  // SUPPORTBYTIME_SERVER_STORAGE_STATEMENTS_H_
