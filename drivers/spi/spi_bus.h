#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "drivers/driver.h"

namespace sa {

inline constexpr const char* kDefaultSpiDevice = "/dev/spidev0.0";

// How a chip wants its clock: SPI mode 0..3 (CPOL, CPHA), the clock rate and the word size.
struct SpiSettings {
  uint8_t mode = 0;
  uint32_t speed_hz = 1'000'000;
  uint8_t bits_per_word = 8;
};

// One chip select of one SPI controller, as drivers see it: /dev/spidevB.C. A transfer clocks
// `len` bytes out of `tx` while it clocks `len` bytes into `rx` (full duplex), with chip select
// asserted for the whole transfer. Implementations serialise transfers.
class SpiBus {
 public:
  SpiBus() = default;
  virtual ~SpiBus() = default;
  SpiBus(const SpiBus&) = delete;
  SpiBus& operator=(const SpiBus&) = delete;
  SpiBus(SpiBus&&) = delete;
  SpiBus& operator=(SpiBus&&) = delete;

  virtual Status transfer(const SpiSettings& settings, const uint8_t* tx, uint8_t* rx,
                          size_t len) = 0;
  virtual const std::string& name() const = 0;
};

// Opens SPI devices by path. The daemon uses the kernel's spidev; tests hand drivers emulators.
class SpiBusProvider {
 public:
  SpiBusProvider() = default;
  virtual ~SpiBusProvider() = default;
  SpiBusProvider(const SpiBusProvider&) = delete;
  SpiBusProvider& operator=(const SpiBusProvider&) = delete;
  SpiBusProvider(SpiBusProvider&&) = delete;
  SpiBusProvider& operator=(SpiBusProvider&&) = delete;
  // nullptr with `status` set when the device cannot be opened.
  virtual std::shared_ptr<SpiBus> open(const std::string& path, Status& status) = 0;
};

// The `device` and `speed` options every SPI sensor takes.
std::vector<OptionSpec> spi_option_specs(uint32_t default_speed_hz, uint32_t max_speed_hz);

// One chip on one SPI device, as a driver addresses it: filled from the options without I/O,
// opened on first use through the provider of the DriverContext.
class SpiDevice {
 public:
  SpiDevice() = default;
  SpiDevice(const DriverContext& context, std::string path, SpiSettings settings)
      : provider_(context.spi), path_(std::move(path)), settings_(settings) {}

  // Reads `device` and `speed` (checked against the chip's maximum clock).
  static SpiDevice from_options(const SensorConfig& config, const DriverContext& context,
                                SpiSettings settings, uint32_t max_speed_hz,
                                std::vector<DriverProblem>& problems);

  Status open();
  const std::string& path() const { return path_; }
  Status transfer(const uint8_t* tx, uint8_t* rx, size_t len) {
    return bus_->transfer(settings_, tx, rx, len);
  }

 private:
  SpiBusProvider* provider_ = nullptr;
  std::string path_ = kDefaultSpiDevice;
  SpiSettings settings_;
  std::shared_ptr<SpiBus> bus_;
};

// Why opening an SPI device failed, for the person wiring it (errno as open(2) reports it).
std::string spi_open_reason(int error, const std::string& path);

}  // namespace sa
