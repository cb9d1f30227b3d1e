#include "mqtt/transport_factory.h"

#include "mqtt/mosquitto_transport.h"
#include "mqtt/paho_transport.h"

namespace sa {

std::unique_ptr<Transport> make_transport(const BrokerConfig& broker, std::string client_id,
                                          std::string will_topic) {
  switch (broker.client) {
    case MqttClient::mosquitto:
      return std::make_unique<MosquittoTransport>(broker, std::move(client_id),
                                                  std::move(will_topic));
    case MqttClient::paho:
      break;
  }
  return std::make_unique<PahoTransport>(broker, std::move(client_id), std::move(will_topic));
}

}  // namespace sa
