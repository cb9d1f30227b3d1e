#pragma once

#include <spdlog/common.h>
#include <spdlog/sinks/base_sink.h>

#include <mutex>
#include <string>

namespace sa::log {

// syslog priority (journald PRIORITY=) of an spdlog level.
int journal_priority(spdlog::level::level_enum level);

// A journald field name: upper case letters, digits and '_', not starting with '_' (those are
// trusted fields journald sets itself). Empty when nothing usable is left.
std::string journal_field_name(const std::string& key);

// True when `fd` is the stream systemd connected to the journal: JOURNAL_STREAM holds "dev:ino" of
// that stream (systemd.exec(5)), which stays set in children whose stderr was redirected.
bool stream_is_journal(int fd, const char* journal_stream);

// Sends each message natively to journald with its priority, source location and the thread's
// FieldScope fields. spdlog's systemd_sink cannot carry extra fields, hence this sink.
class JournalSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  explicit JournalSink(std::string identifier) : identifier_(std::move(identifier)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  std::string identifier_;
};

}  // namespace sa::log
