#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace sa::emul {

// One chip on an emulated bus: its register map or command set, its side effects and injected
// faults. Faults take precedence over the normal path.
class ChipEmulator {
 public:
  ChipEmulator() = default;
  virtual ~ChipEmulator() = default;
  ChipEmulator(const ChipEmulator&) = delete;
  ChipEmulator& operator=(const ChipEmulator&) = delete;
  ChipEmulator(ChipEmulator&&) = delete;
  ChipEmulator& operator=(ChipEmulator&&) = delete;

  // One combined transaction addressed to this chip: 0 or an errno value, as the i2c-dev ioctl.
  int transfer(const uint8_t* write, size_t write_len, uint8_t* read, size_t read_len);

  // Set a physical value ("temperature" in °C, "in0" in V); the chip computes its raw registers
  // from it at the next conversion.
  virtual void set_physical(const std::string& channel, double value) = 0;
  // How far a value read back through a driver may be from the one set: the quantisation step.
  virtual double tolerance(const std::string& channel) const = 0;

  // Faults.
  void set_nack(bool nack) { nack_ = nack; }                      // address not acknowledged
  void set_stuck(std::optional<uint8_t> byte) { stuck_ = byte; }  // every byte read is this
  void clear_faults();

  // Conversion timing: by default the datasheet's typical time; tests can shorten it, or keep a
  // conversion busy for a number of status polls regardless of time.
  void set_conversion_time(std::optional<std::chrono::microseconds> time) { time_ = time; }
  void set_busy_polls(int polls) { busy_polls_ = polls; }
  // Conversions that completed, and transactions seen (faulted ones included).
  int conversions() const { return conversions_; }
  int transactions() const { return transactions_; }

 protected:
  virtual int on_write(const uint8_t* data, size_t len) = 0;
  virtual int on_read(uint8_t* data, size_t len) = 0;
  // Called once a started conversion is due: fill the data registers.
  virtual void on_conversion_done() = 0;

  void start_conversion(std::chrono::microseconds typical);
  void abort_conversion() { converting_ = false; }
  // A status poll: true while the conversion is still running. Completes it when due.
  bool poll_busy();
  bool converting() const { return converting_; }

 private:
  void settle();

  bool nack_ = false;
  std::optional<uint8_t> stuck_;
  std::optional<std::chrono::microseconds> time_;
  int busy_polls_ = 0;

  bool converting_ = false;
  std::chrono::steady_clock::time_point due_{};
  int polls_left_ = 0;
  int conversions_ = 0;
  int transactions_ = 0;
};

}  // namespace sa::emul
