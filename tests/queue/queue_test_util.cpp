#include "queue_test_util.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <stdexcept>
#include <system_error>

namespace sa::test {

QueueDir::QueueDir(const std::filesystem::path& base) {
  std::string pattern = (base / "sa-queue-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp");
  }
  path_ = pattern;
}

QueueDir::~QueueDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path memory_backed_temp() {
  std::error_code ec;
  if (std::filesystem::is_directory("/dev/shm", ec)) {
    return "/dev/shm";
  }
  return std::filesystem::temp_directory_path();
}

OutgoingMessage reading(uint64_t seq, int64_t created_unix_ms, const std::string& topic) {
  OutgoingMessage message;
  message.topic = topic;
  message.payload = "{\"seq\":" + std::to_string(seq) + ",\"value\":21.5,\"unit\":\"C\"}";
  message.qos = static_cast<uint8_t>(1 + seq % 2);
  message.retain = seq % 5 == 0;
  message.created_unix_ms = created_unix_ms;
  return message;
}

uint64_t seq_of(const std::string& payload) {
  const std::string key = "\"seq\":";
  auto at = payload.find(key);
  if (at == std::string::npos) {
    throw std::runtime_error("no seq in " + payload);
  }
  return std::stoull(payload.substr(at + key.size()));
}

QueueConfig queue_config(const std::string& dir, SyncPolicy sync) {
  QueueConfig config;
  config.dir = dir;
  config.sync = sync;
  config.sync_interval = std::chrono::milliseconds(20);
  return config;
}

std::unique_ptr<DurableQueue> open_queue(const QueueConfig& config, DurableQueueOptions options) {
  auto result = DurableQueue::open(config, std::move(options));
  if (!result.status) {
    ADD_FAILURE() << result.status.reason();
  }
  return std::move(result.queue);
}

std::vector<BufferedMessage> take_all(MessageBuffer& buffer) {
  std::vector<BufferedMessage> all;
  while (true) {
    auto batch = buffer.take_unsent(97);
    if (batch.empty()) {
      return all;
    }
    for (auto& message : batch) {
      all.push_back(std::move(message));
    }
  }
}

std::vector<uint64_t> seqs_of(const std::vector<BufferedMessage>& messages) {
  std::vector<uint64_t> seqs;
  seqs.reserve(messages.size());
  for (const auto& message : messages) {
    seqs.push_back(seq_of(message.message.payload));
  }
  return seqs;
}

std::vector<std::filesystem::path> segment_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".seg") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace sa::test
