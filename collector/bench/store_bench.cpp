// Readings stored per second and CPU time per reading of the collector's stores, in batches as
// `run` writes them. Prints one line per database and batch size.
//   sensor-collector-bench [--readings N] [--postgresql URL] [--dir DIR]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "collector_config.h"
#include "store/postgres_store.h"
#include "store/sqlite_store.h"

namespace {

using sa::collector::BatchOutcome;
using sa::collector::Store;
using sa::collector::StoredReading;

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

// 10 devices x 10 channels, seq running per channel, as agents send them.
std::vector<StoredReading> make_readings(size_t count, const std::string& boot) {
  std::vector<StoredReading> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    StoredReading r;
    r.device = "device-" + std::to_string(i % 10);
    r.sensor = "wave";
    r.channel = "channel-" + std::to_string((i / 10) % 10);
    r.ts = "2026-12-03T08:00:00.000Z";
    r.value = 20.0 + static_cast<double>(i % 1000) / 100.0;
    r.unit = "°C";
    r.boot = boot;
    r.seq = static_cast<int64_t>(i / 100 + 1);
    out.push_back(std::move(r));
  }
  return out;
}

bool measure(const char* name, Store& store, size_t readings, size_t batch) {
  if (sa::Status status = store.open(); !status) {
    std::fprintf(stderr, "%s: %s\n", name, status.reason().c_str());
    return false;
  }
  const std::vector<StoredReading> all = make_readings(
      readings, "bench-" + std::to_string(batch) + "-" +
                    std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
  const double cpu_before = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  double worst_ms = 0.0;
  for (size_t first = 0; first < all.size(); first += batch) {
    std::vector<StoredReading> slice(
        all.begin() + static_cast<std::ptrdiff_t>(first),
        all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), first + batch)));
    BatchOutcome outcome;
    const auto t0 = std::chrono::steady_clock::now();
    if (sa::Status status = store.write_batch(slice, "2026-12-03T08:00:00.100Z", outcome);
        !status) {
      std::fprintf(stderr, "%s: %s\n", name, status.reason().c_str());
      return false;
    }
    worst_ms = std::max(
        worst_ms,
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double cpu = cpu_seconds() - cpu_before;
  std::printf(
      "%-10s batch %5zu: %9.0f readings/s, %6.1f us CPU per reading (this process), "
      "worst commit %6.1f ms\n",
      name, batch, static_cast<double>(readings) / seconds,
      cpu * 1e6 / static_cast<double>(readings), worst_ms);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  size_t readings = 100'000;
  std::string postgresql;
  std::filesystem::path dir = std::filesystem::temp_directory_path();
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string key = argv[i];
    if (key == "--readings") {
      readings = std::stoul(argv[i + 1]);
    } else if (key == "--postgresql") {
      postgresql = argv[i + 1];
    } else if (key == "--dir") {
      dir = argv[i + 1];
    }
  }
  bool ok = true;
  for (size_t batch : {1u, 100u, 500u, 2000u}) {
    const size_t count = batch == 1 ? std::min<size_t>(readings, 2000) : readings;
    const std::filesystem::path file =
        dir / ("sensor-collector-bench-" + std::to_string(batch) + ".db");
    std::filesystem::remove(file);
    {
      sa::collector::SqliteStore sqlite(file.string());
      ok = measure("sqlite", sqlite, count, batch) && ok;
    }
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(file.string() + suffix);
    }
    if (!postgresql.empty()) {
      sa::collector::PostgresStore postgres(postgresql);
      ok = measure("postgresql", postgres, count, batch) && ok;
    }
  }
  return ok ? 0 : 1;
}
