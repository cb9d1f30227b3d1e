#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "drivers/driver.h"

namespace sa {

inline constexpr const char* kDefaultSerialPort = "/dev/serial0";

// Line settings: baud rate and framing (8N1 unless a chip says otherwise).
struct SerialSettings {
  uint32_t baud = 9600;
  int data_bits = 8;
  char parity = 'N';  // N, E or O
  int stop_bits = 1;
};

// One serial port through termios, in raw mode (no line editing, no echo, no translation of
// bytes): /dev/serial0, /dev/ttyAMA0, /dev/ttyS0, /dev/ttyUSB0. Reads wait with poll() up to a
// deadline, so a sensor that stops sending is a timeout, never a hang. Move-only; closes on
// destruction.
class SerialPort {
 public:
  SerialPort() = default;
  ~SerialPort();
  SerialPort(SerialPort&& other) noexcept;
  SerialPort& operator=(SerialPort&& other) noexcept;
  SerialPort(const SerialPort&) = delete;
  SerialPort& operator=(const SerialPort&) = delete;

  Status open(const std::string& path, const SerialSettings& settings);
  bool is_open() const { return fd_ >= 0; }
  void close();
  const std::string& path() const { return path_; }

  Status write_all(const uint8_t* data, size_t len);
  // Reads exactly `len` bytes unless the deadline passes first (a timeout error).
  Status read_exact(uint8_t* data, size_t len, std::chrono::steady_clock::time_point deadline);
  // Discards what arrived and was not read yet.
  void discard_input();

  // Reads until `header` arrives (skipping any bytes before it, so a frame read after garbage
  // or mid-frame resynchronises), then `len - header.size()` more bytes: the frame in `frame`.
  Status read_frame(const std::vector<uint8_t>& header, size_t len,
                    std::chrono::steady_clock::time_point deadline, std::vector<uint8_t>& frame);

 private:
  int fd_ = -1;
  std::string path_;
};

// The `port` and `timeout` options every serial sensor takes.
std::vector<OptionSpec> serial_option_specs(const std::string& default_timeout);

// Why opening a serial port failed, for the person wiring it (errno as open(2) reports it).
std::string serial_open_reason(int error, const std::string& path);

// Validates the `port` option; returns it.
std::string serial_port_option(const SensorConfig& config, std::vector<DriverProblem>& problems);

}  // namespace sa
