#include "app/probe.h"

#include <condition_variable>
#include <mutex>
#include <random>
#include <sstream>

#include "core/clock.h"
#include "mqtt/tls_inspect.h"
#include "mqtt/transport_factory.h"
#include "publish/payload.h"
#include "publish/topics.h"

namespace sa {
namespace {

using std::chrono::milliseconds;

milliseconds since(SteadyTime start) {
  return std::chrono::duration_cast<milliseconds>(SteadyClock::now() - start);
}

std::string unique_token() {
  std::random_device device;
  std::ostringstream out;
  out << std::hex << device() << device();
  return out.str();
}

}  // namespace

ProbeReport run_probe(const Config& config) {
  ProbeReport report;
  report.topic = probe_topic(config);
  BrokerConfig broker = config.broker;
  broker.clean_session = true;  // leave no session behind
  const milliseconds timeout = broker.connect_timeout;

  std::mutex mutex;
  std::condition_variable arrived_cv;
  bool arrived = false;
  const std::string payload = "{\"probe\":" + json_string(unique_token()) +
                              ",\"device\":" + json_string(config.device.id) + "}";

  const std::unique_ptr<Transport> owner = make_transport(broker, client_id(config) + "-probe", "");
  Transport& transport = *owner;
  Transport::Callbacks callbacks;
  callbacks.message = [&](const std::string& topic, const std::string& body) {
    if (topic != report.topic || body != payload)
      return;
    {
      std::lock_guard<std::mutex> lock(mutex);
      arrived = true;
    }
    arrived_cv.notify_one();
  };
  transport.set_callbacks(std::move(callbacks));

  const SteadyTime connect_start = SteadyClock::now();
  const ConnectReport connected = transport.connect(timeout);
  report.broker_uri = connected.server_uri;
  report.protocol = connected.protocol;
  if (!connected.connected) {
    report.stage = "connect";
    report.error = connected.reason;
    return report;
  }
  report.connect_time = since(connect_start);
  if (broker.tls) {
    // Our own handshake with the same files: Paho 1.2 does not expose the negotiated session.
    const TlsPeerInfo tls = inspect_tls(broker, timeout);
    report.tls_version = tls.ok ? tls.version : "unknown (" + tls.error + ")";
    report.peer_subject = tls.subject;
  }

  std::string reason;
  if (!transport.subscribe(report.topic, 1, timeout, reason)) {
    report.stage = "subscribe";
    report.error = reason;
    transport.disconnect(milliseconds(1'000));
    return report;
  }
  const SteadyTime sent = SteadyClock::now();
  PublishRequest request;
  request.token = 1;
  request.topic = report.topic;
  request.payload = payload;
  request.qos = 1;
  if (!transport.publish(request, reason)) {
    report.stage = "publish";
    report.error = reason;
    transport.disconnect(milliseconds(1'000));
    return report;
  }
  {
    std::unique_lock<std::mutex> lock(mutex);
    arrived_cv.wait_until(lock, sent + timeout, [&] { return arrived; });
  }
  if (arrived) {
    report.round_trip = since(sent);
    report.ok = true;
  } else {
    report.stage = "round trip";
    report.error = "the probe message did not come back within " + std::to_string(timeout.count()) +
                   " ms (no permission to subscribe or publish?)";
  }
  transport.disconnect(milliseconds(1'000));
  return report;
}

std::string format_probe(const ProbeReport& report) {
  std::ostringstream out;
  out << "broker:       " << report.broker_uri << "\n";
  if (!report.protocol.empty())
    out << "protocol:     MQTT " << report.protocol << "\n";
  if (!report.tls_version.empty())
    out << "tls:          " << report.tls_version << "\n";
  if (!report.peer_subject.empty())
    out << "certificate:  " << report.peer_subject << "\n";
  if (report.ok || report.stage != "connect") {
    out << "connect:      " << report.connect_time.count() << " ms\n";
  }
  if (report.ok) {
    out << "round trip:   " << report.round_trip.count() << " ms via " << report.topic << "\n";
    out << "result:       ok\n";
  } else {
    out << "result:       failed at " << report.stage << ": " << report.error << "\n";
  }
  return out.str();
}

}  // namespace sa
