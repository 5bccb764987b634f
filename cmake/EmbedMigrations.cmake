# cmake -DOUT=file.cc -DDIR=migrations -P EmbedMigrations.cmake
# Writes the SQL migrations into a C++ table, so that the server binary (and
# its container image) carries the schema it needs.
file(GLOB files "${DIR}/V*__*.sql")
list(SORT files COMPARE NATURAL)
set(body "")
foreach(f ${files})
  get_filename_component(name ${f} NAME_WE)
  string(REGEX MATCH "^V([0-9]+)__(.+)$" _ ${name})
  math(EXPR version "${CMAKE_MATCH_1}")
  file(READ ${f} sql)
  string(APPEND body "    {${version}, \"${CMAKE_MATCH_2}\", R\"sbt_sql(${sql})sbt_sql\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from migrations/*.sql by cmake/EmbedMigrations.cmake.
#include \"server/storage/migrations.h\"

namespace supportbytime::storage {

const std::vector<Migration>& AllMigrations() {
  static const std::vector<Migration> kAll = {
${body}  };
  return kAll;
}

}  // namespace supportbytime::storage
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
