#pragma once

#include <memory>
#include <string>

#include "config/config.h"
#include "mqtt/transport.h"

namespace sa {

// The transport `broker.client` asks for: Paho (the default) or libmosquitto.
std::unique_ptr<Transport> make_transport(const BrokerConfig& broker, std::string client_id,
                                          std::string will_topic);

}  // namespace sa
