#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "queue/durable_queue.h"
#include "queue/message_buffer.h"

namespace sa::test {

// A fresh directory under `base` ($TMPDIR by default), removed with its contents.
class QueueDir {
 public:
  explicit QueueDir(const std::filesystem::path& base = std::filesystem::temp_directory_path());
  ~QueueDir();
  QueueDir(const QueueDir&) = delete;
  QueueDir& operator=(const QueueDir&) = delete;
  QueueDir(QueueDir&&) = delete;
  QueueDir& operator=(QueueDir&&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

// /dev/shm when there is one: for tests that open hundreds of queues and do not need a disk.
std::filesystem::path memory_backed_temp();

// A reading whose payload carries its seq, as the agent's do.
OutgoingMessage reading(uint64_t seq, int64_t created_unix_ms = 1'700'000'000'000,
                        const std::string& topic = "sensors/dev/sim/temp");
// The seq in a payload made by reading().
uint64_t seq_of(const std::string& payload);

QueueConfig queue_config(const std::string& dir, SyncPolicy sync = SyncPolicy::batch);

std::unique_ptr<DurableQueue> open_queue(const QueueConfig& config,
                                         DurableQueueOptions options = {});

// Everything take_unsent() hands out, in order.
std::vector<BufferedMessage> take_all(MessageBuffer& buffer);
std::vector<uint64_t> seqs_of(const std::vector<BufferedMessage>& messages);

// Segment files in the directory, sorted by name.
std::vector<std::filesystem::path> segment_files(const std::filesystem::path& dir);

}  // namespace sa::test
