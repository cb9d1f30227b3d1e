#pragma once

#include <cstdint>
#include <string>

namespace sa::max31855 {

// MAX31855 memory map (datasheet table 2): 32 bits read MSB first.
//   D31..D18  thermocouple temperature, 14-bit two's complement, 0.25 °C
//   D16       fault (any of D2..D0)
//   D15..D4   internal (cold-junction) temperature, 12-bit two's complement, 0.0625 °C
//   D2 SCV (short to VCC), D1 SCG (short to GND), D0 OC (open circuit)
struct Frame {
  double thermocouple = 0.0;
  double internal = 0.0;
  bool fault = false;
  bool short_to_vcc = false;
  bool short_to_gnd = false;
  bool open_circuit = false;
};
Frame decode(uint32_t word);

// What a fault means for the person wiring the probe; empty when there is none.
std::string fault_reason(const Frame& frame);

}  // namespace sa::max31855
