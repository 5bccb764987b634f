// A fresh PostgreSQL database per test, cloned from the migrated template of
// the test cluster (scripts/test-db, started as a ctest fixture).
#ifndef SUPPORTBYTIME_TESTS_SUPPORT_TEST_DATABASE_H_
#define SUPPORTBYTIME_TESTS_SUPPORT_TEST_DATABASE_H_

#include <memory>
#include <string>

#include "server/storage/database.h"

namespace supportbytime::testing {

class TestDatabase final {
 public:
  // Clones `template_name` (the migrated template by default; "template0"
  // gives an empty database).
  explicit TestDatabase(const std::string& template_name = "sbt_template");
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& name() const { return name_; }
  const std::string& url() const { return url_; }

  // A small pool on this database, opened on first use.
  storage::Database& db();

  // Runs one SQL statement and returns the first column of the first row
  // ("" when no row), for assertions on what was stored.
  std::string Scalar(const std::string& sql);
  // Runs SQL; returns the error message, empty on success.
  std::string Exec(const std::string& sql);

  // The URL of the cluster's `postgres` database.
  static std::string ClusterUrl();
  // `url` with its database replaced by `database`.
  static std::string UrlFor(const std::string& url, const std::string& database);

 private:
  std::string name_;
  std::string url_;
  std::unique_ptr<storage::Database> db_;
};

}  // namespace supportbytime::testing

#endif  // SUPPORTBYTIME_TESTS_SUPPORT_TEST_DATABASE_H_
