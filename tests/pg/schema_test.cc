// Rules the schema itself keeps, whatever code writes to it.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/test_database.h"

namespace supportbytime::testing {
namespace {

using ::testing::HasSubstr;

// A package with one published version, as PackageService stores it.
std::string InsertPackageVersion(TestDatabase& db) {
  return db.Scalar(
      "with p as (insert into packages (display_name) values ('Professional Support')"
      " returning id)"
      " insert into package_versions (package_id, version, billing_cycle, included_minutes,"
      " billing_increment_minutes, response_priority, invoice_action, show_work_log_to_client)"
      " select id, 1, 'MONTHLY', 240, 30, 'STANDARD_PLUS', 'ADD_TO_NEXT_INVOICE', false from p"
      " returning id");
}

// The database refuses to change a version behind the API's back (moved
// from the package end-to-end test: the point is the trigger).
TEST(SchemaTest, PackageVersionsAreImmutable) {
  TestDatabase db;
  const std::string version = InsertPackageVersion(db);
  EXPECT_THAT(db.Exec("update package_versions set included_minutes = 1"), HasSubstr("immutable"));
  EXPECT_THAT(db.Exec("delete from package_versions"), HasSubstr("immutable"));
  EXPECT_EQ(db.Scalar("select included_minutes from package_versions where id = '" + version + "'"),
            "240");
}

}  // namespace
}  // namespace supportbytime::testing
