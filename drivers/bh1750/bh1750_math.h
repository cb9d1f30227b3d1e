#pragma once

#include <chrono>
#include <cstdint>

namespace sa::bh1750 {

// Instruction set, BH1750FVI datasheet page 5.
constexpr uint8_t kPowerOn = 0x01;
constexpr uint8_t kReset = 0x07;
constexpr uint16_t kAddressLow = 0x23;   // ADDR pin low
constexpr uint16_t kAddressHigh = 0x5C;  // ADDR pin high

enum class Mode { high, high2, low };

// One-time measurement opcodes: the chip powers down by itself afterwards.
uint8_t one_time_command(Mode mode);
// Maximum measurement time (electrical characteristics): 180 ms for H and H2, 24 ms for L.
std::chrono::milliseconds max_measurement_time(Mode mode);
// Lux per count relative to H-resolution mode: H2 halves the step to 0.5 lx.
double mode_factor(Mode mode);
// Datasheet "Measurement sequence example": lux = count / 1.2, times the mode factor.
double lux(uint16_t raw, Mode mode);

}  // namespace sa::bh1750
