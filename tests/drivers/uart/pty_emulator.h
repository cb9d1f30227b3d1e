#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sa::emul {

// A serial device behind a pseudo-terminal pair (openpty): the emulator owns the master side and
// serves it on its own thread; the driver under test opens the slave path (/dev/pts/N) and sets
// it up with termios exactly as it would /dev/serial0 on a Pi. Subclasses answer the bytes they
// receive and may send frames on their own every period (a sensor in active mode).
class PtyEmulator {
 public:
  PtyEmulator();
  virtual ~PtyEmulator();
  PtyEmulator(const PtyEmulator&) = delete;
  PtyEmulator& operator=(const PtyEmulator&) = delete;
  PtyEmulator(PtyEmulator&&) = delete;
  PtyEmulator& operator=(PtyEmulator&&) = delete;

  const std::string& slave_path() const { return slave_path_; }

  virtual void set_physical(const std::string& channel, double value) = 0;
  virtual double tolerance(const std::string& channel) const = 0;

  // Writes bytes to the driver as they are (garbage, a torn frame).
  void inject(const std::vector<uint8_t>& bytes);
  // Sends these bytes right before the next reply (garbage the driver must skip).
  void prefix_next_reply(const std::vector<uint8_t>& bytes);
  // Faults: stop answering and sending (a sensor unplugged), corrupt checksums.
  void set_silent(bool silent) { silent_ = silent; }
  void set_corrupt_checksum(bool corrupt) { corrupt_ = corrupt; }
  // Bytes received from the driver so far.
  std::vector<uint8_t> received() const;

 protected:
  // Starts the serving thread; call at the end of the subclass's constructor.
  void start();
  // Stops it; call first in the subclass's destructor.
  void stop();
  // The bytes received so far that form no complete command yet; answer any complete ones by
  // returning the reply and erasing what was consumed.
  virtual std::vector<uint8_t> on_receive(std::vector<uint8_t>& pending) = 0;
  // Active mode: a frame to send every period (empty: nothing).
  virtual std::vector<uint8_t> active_frame() { return {}; }
  virtual std::chrono::milliseconds active_period() const { return std::chrono::milliseconds(50); }
  bool corrupt() const { return corrupt_; }

 private:
  void serve();
  void send(const std::vector<uint8_t>& bytes);

  int master_ = -1;
  int slave_ = -1;  // kept open so the master never sees a hang-up between driver opens
  std::string slave_path_;
  std::atomic<bool> running_{false};
  std::atomic<bool> silent_{false};
  std::atomic<bool> corrupt_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<uint8_t> received_;
  std::vector<uint8_t> prefix_;
};

}  // namespace sa::emul
