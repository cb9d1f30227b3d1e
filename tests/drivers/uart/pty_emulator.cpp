#include "uart/pty_emulator.h"

#include <poll.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace sa::emul {

PtyEmulator::PtyEmulator() {
  char name[128] = {};
  if (::openpty(&master_, &slave_, name, nullptr, nullptr) != 0) {
    throw std::runtime_error("openpty failed");
  }
  slave_path_ = name;
  // Raw until the driver sets its own modes: no echo of what the emulator sends.
  termios tio{};
  ::tcgetattr(slave_, &tio);
  ::cfmakeraw(&tio);
  ::tcsetattr(slave_, TCSANOW, &tio);
}

PtyEmulator::~PtyEmulator() {
  stop();
  ::close(master_);
  ::close(slave_);
}

void PtyEmulator::start() {
  running_ = true;
  thread_ = std::thread([this] { serve(); });
}

void PtyEmulator::stop() {
  if (running_.exchange(false) && thread_.joinable()) {
    thread_.join();
  }
}

void PtyEmulator::inject(const std::vector<uint8_t>& bytes) {
  send(bytes);
}

void PtyEmulator::prefix_next_reply(const std::vector<uint8_t>& bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  prefix_ = bytes;
}

std::vector<uint8_t> PtyEmulator::received() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return received_;
}

void PtyEmulator::send(const std::vector<uint8_t>& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(master_, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) {
        continue;
      }
      return;
    }
    done += static_cast<size_t>(n);
  }
}

void PtyEmulator::serve() {
  std::vector<uint8_t> pending;
  auto next_frame = std::chrono::steady_clock::now();
  while (running_) {
    pollfd pfd{master_, POLLIN, 0};
    if (::poll(&pfd, 1, 5) > 0 && (pfd.revents & POLLIN) != 0) {
      uint8_t buffer[256];
      const ssize_t n = ::read(master_, buffer, sizeof buffer);
      if (n > 0) {
        {
          std::lock_guard<std::mutex> lock(mutex_);
          received_.insert(received_.end(), buffer, buffer + n);
        }
        pending.insert(pending.end(), buffer, buffer + n);
        std::vector<uint8_t> reply = on_receive(pending);
        if (!silent_ && !reply.empty()) {
          std::vector<uint8_t> prefix;
          {
            std::lock_guard<std::mutex> lock(mutex_);
            prefix.swap(prefix_);
          }
          prefix.insert(prefix.end(), reply.begin(), reply.end());
          send(prefix);
        }
      }
    }
    if (std::chrono::steady_clock::now() >= next_frame) {
      next_frame += active_period();
      std::vector<uint8_t> frame = active_frame();
      if (!silent_ && !frame.empty()) {
        send(frame);
      }
    }
  }
}

}  // namespace sa::emul
