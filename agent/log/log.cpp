#include "log/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>
#include <optional>

#include "log/journal_sink.h"
#include "log/stderr_format.h"

namespace sa::log {
namespace {

constexpr const char* kIdentifier = "sensor-agent";

std::optional<spdlog::level::level_enum> parse_level(const std::string& text) {
  static const std::pair<const char*, spdlog::level::level_enum> levels[] = {
      {"trace", spdlog::level::trace},       {"debug", spdlog::level::debug},
      {"info", spdlog::level::info},         {"warn", spdlog::level::warn},
      {"warning", spdlog::level::warn},      {"error", spdlog::level::err},
      {"critical", spdlog::level::critical}, {"off", spdlog::level::off},
  };
  for (const auto& [name, level] : levels) {
    if (text == name)
      return level;
  }
  return std::nullopt;
}

bool use_journal() {
  const char* forced = std::getenv("SENSOR_AGENT_LOG");
  if (forced != nullptr && std::string(forced) == "journal")
    return true;
  if (forced != nullptr && std::string(forced) == "stderr")
    return false;
  return stream_is_journal(STDERR_FILENO, std::getenv("JOURNAL_STREAM"));
}

}  // namespace

void init(const std::string& level) {
  spdlog::sink_ptr sink;
  if (use_journal()) {
    sink = std::make_shared<JournalSink>(kIdentifier);
  } else {
    sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    sink->set_formatter(make_stderr_formatter());
  }
  auto logger = std::make_shared<spdlog::logger>(kIdentifier, std::move(sink));
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(std::move(logger));
  set_level(level);
}

void set_level(const std::string& level) {
  auto parsed = parse_level(level);
  spdlog::set_level(parsed.value_or(spdlog::level::info));
  if (!parsed)
    spdlog::warn("unknown log level '{}', using info", level);
}

}  // namespace sa::log
