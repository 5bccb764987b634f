#include "tests/support/test_database.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace supportbytime::testing {
namespace {

// Runs `sql` on `url`; returns {first value, error}.
std::pair<std::string, std::string> Query(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string err = PQerrorMessage(conn);
    PQfinish(conn);
    return {"", err};
  }
  PGresult* res = PQexec(conn, sql.c_str());
  std::pair<std::string, std::string> out;
  ExecStatusType st = PQresultStatus(res);
  if (st == PGRES_TUPLES_OK) {
    if (PQntuples(res) > 0 && PQnfields(res) > 0) out.first = PQgetvalue(res, 0, 0);
  } else if (st != PGRES_COMMAND_OK) {
    out.second = PQresultErrorMessage(res);
    if (out.second.empty()) out.second = "query failed";
  }
  PQclear(res);
  PQfinish(conn);
  return out;
}

}  // namespace

std::string TestDatabase::ClusterUrl() {
  const char* dir = std::getenv("SBT_TEST_PG_DIR");
  if (dir == nullptr) {
    throw std::runtime_error("SBT_TEST_PG_DIR is not set: run the tests through ctest");
  }
  std::ifstream in(absl::StrCat(dir, "/url"));
  std::string url;
  std::getline(in, url);
  if (url.empty()) throw std::runtime_error("the test database cluster is not running");
  return url;
}

std::string TestDatabase::UrlFor(const std::string& url, const std::string& database) {
  return absl::StrReplaceAll(url, {{"/postgres?", absl::StrCat("/", database, "?")}});
}

TestDatabase::TestDatabase(const std::string& template_name) {
  std::random_device rd;
  name_ = absl::StrCat("t_", rd(), "_", rd());
  const std::string cluster = ClusterUrl();
  auto [_, err] = Query(cluster, absl::StrCat("create database ", name_, " template ", template_name));
  if (!err.empty()) throw std::runtime_error("cannot create the test database: " + err);
  url_ = UrlFor(cluster, name_);
}

TestDatabase::~TestDatabase() {
  db_.reset();
  Query(ClusterUrl(), absl::StrCat("drop database if exists ", name_, " with (force)"));
}

storage::Database& TestDatabase::db() {
  if (db_ == nullptr) {
    auto opened = storage::Database::Open(url_, 2);
    if (!opened.ok()) throw std::runtime_error(std::string(opened.status().message()));
    db_ = std::move(*opened);
  }
  return *db_;
}

std::string TestDatabase::Scalar(const std::string& sql) {
  auto [value, err] = Query(url_, sql);
  if (!err.empty()) throw std::runtime_error(absl::StrCat("query failed: ", err, " in: ", sql));
  return value;
}

std::string TestDatabase::Exec(const std::string& sql) {
  return std::string(absl::StripAsciiWhitespace(Query(url_, sql).second));
}

}  // namespace supportbytime::testing
