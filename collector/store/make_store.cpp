#include "collector_config.h"
#include "store/sqlite_store.h"
#include "store/store.h"
#ifdef SA_COLLECTOR_POSTGRESQL
#include "store/postgres_store.h"
#endif

namespace sa::collector {

std::unique_ptr<Store> make_store(const DatabaseConfig& database) {
#ifdef SA_COLLECTOR_POSTGRESQL
  if (database.kind == DatabaseKind::postgresql) {
    return std::make_unique<PostgresStore>(database.url);
  }
#endif
  if (database.kind == DatabaseKind::sqlite) {
    return std::make_unique<SqliteStore>(database.sqlite_path);
  }
  return nullptr;
}

}  // namespace sa::collector
