#include "log/journal_sink.h"

#include <sys/stat.h>
#include <sys/uio.h>
#include <syslog.h>
// Without this sd_journal_sendv() would add this file's location to every entry.
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>

#include <cctype>
#include <cstdlib>
#include <vector>

#include "log/fields.h"

namespace sa::log {

int journal_priority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
      return LOG_DEBUG;
    case spdlog::level::info:
      return LOG_INFO;
    case spdlog::level::warn:
      return LOG_WARNING;
    case spdlog::level::err:
      return LOG_ERR;
    case spdlog::level::critical:
      return LOG_CRIT;
    default:
      return LOG_INFO;
  }
}

std::string journal_field_name(const std::string& key) {
  std::string name;
  for (char c : key) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) {
      name.push_back(static_cast<char>(std::toupper(u)));
    } else if (!name.empty()) {
      name.push_back('_');
    }
  }
  if (!name.empty() && std::isdigit(static_cast<unsigned char>(name.front())) != 0) {
    name.insert(0, "F_");
  }
  return name;
}

bool stream_is_journal(int fd, const char* journal_stream) {
  if (journal_stream == nullptr)
    return false;
  char* end = nullptr;
  unsigned long long device = std::strtoull(journal_stream, &end, 10);
  if (end == journal_stream || *end != ':')
    return false;
  const char* inode_text = end + 1;
  unsigned long long inode = std::strtoull(inode_text, &end, 10);
  if (end == inode_text || *end != '\0')
    return false;
  struct stat info {};
  if (fstat(fd, &info) != 0)
    return false;
  return info.st_dev == device && info.st_ino == inode;
}

void JournalSink::sink_it_(const spdlog::details::log_msg& msg) {
  std::vector<std::string> entries;
  entries.reserve(8);
  entries.push_back("MESSAGE=" + std::string(msg.payload.data(), msg.payload.size()));
  entries.push_back("PRIORITY=" + std::to_string(journal_priority(msg.level)));
  entries.push_back("SYSLOG_IDENTIFIER=" + identifier_);
  if (!msg.source.empty()) {
    entries.push_back(std::string("CODE_FILE=") + msg.source.filename);
    entries.push_back("CODE_LINE=" + std::to_string(msg.source.line));
    if (msg.source.funcname != nullptr) {
      entries.push_back(std::string("CODE_FUNC=") + msg.source.funcname);
    }
  }
  for (const auto& [key, value] : effective_fields()) {
    std::string entry = journal_field_name(key);
    if (entry.empty())
      continue;
    entry += '=';
    entry += value;
    entries.push_back(std::move(entry));
  }

  std::vector<iovec> vectors;
  vectors.reserve(entries.size());
  for (auto& entry : entries)
    vectors.push_back({entry.data(), entry.size()});
  // A lost log line must not take the agent down; there is nowhere better to report it.
  (void)sd_journal_sendv(vectors.data(), static_cast<int>(vectors.size()));
}

}  // namespace sa::log
