#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/config.h"
#include "homeassistant/discovery.h"

namespace sa {

// The device block for this config; `model_path` is /proc/device-tree/model outside tests.
HaDevice ha_device(const Config& config, const std::filesystem::path& model_path);

// One entity per configured channel, then the agent's health figures.
std::vector<HaEntity> ha_entities(const Config& config);

}  // namespace sa
