#include "support/ledger.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "mqtt/async_client.h"

namespace sa::test {
namespace {

constexpr auto kConnectTimeout = std::chrono::seconds(20);
constexpr int kSessionExpirySeconds = 3600;
constexpr int kReceiveMaximum = 65535;  // the most MQTT 5 allows

bool has_replay_property(const mqtt::properties& props) {
  const MQTTProperties& raw = props.c_struct();
  for (int i = 0; i < raw.count; ++i) {
    const MQTTProperty& p = raw.array[i];
    if (p.identifier != MQTTPROPERTY_CODE_USER_PROPERTY || p.value.data.data == nullptr) {
      continue;
    }
    const std::string name(p.value.data.data, static_cast<size_t>(p.value.data.len));
    const std::string value(
        p.value.value.data == nullptr ? "" : p.value.value.data,
        p.value.value.data == nullptr ? 0 : static_cast<size_t>(p.value.value.len));
    if (name == "replay" && value == "true") {
      return true;
    }
  }
  return false;
}

bool ends_with(const std::string& text, const std::string& tail) {
  return text.size() >= tail.size() &&
         text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int64_t parse_iso_ms(const std::string& text) {
  std::tm tm{};
  int millis = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon,
                  &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &millis) != 7) {
    return 0;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm)) * 1000 + millis;
}

std::string ChannelLedger::describe() const {
  std::ostringstream text;
  text << "received " << received << ", unique " << unique << ", duplicates " << duplicates
       << ", broker redeliveries " << broker_redeliveries << ", missing " << missing.size()
       << ", out of order " << out_of_order << ", replayed " << replayed
       << ", skipped at a restart " << skipped_at_restart << ", seq reused by a later boot "
       << seq_reused << ", conflicts " << conflicts << ", seq " << min_seq << ".." << max_seq;
  if (!missing.empty()) {
    text << " (missing:";
    for (size_t i = 0; i < missing.size() && i < 20; ++i) {
      text << " " << missing[i];
    }
    text << (missing.size() > 20 ? " ...)" : ")");
  }
  return text.str();
}

Ledger::Ledger(LedgerOptions options) : options_(std::move(options)) {
  static std::atomic<int> counter{0};
  client_id_ = "sa-ledger-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
}

Ledger::~Ledger() {
  stop();
}

::testing::AssertionResult Ledger::start() {
  try {
    client_ = std::make_unique<mqtt::async_client>(options_.url, client_id_,
                                                   mqtt::create_options(MQTTVERSION_5));
    client_->set_message_callback([this](mqtt::const_message_ptr message) {
      on_message(message->get_topic(), message->get_payload_str(),
                 has_replay_property(message->get_properties()), message->is_duplicate());
    });
    // A broker that lost the session (SIGKILL before its snapshot) lost the subscription too.
    client_->set_connected_handler([this](const std::string&) { subscribe(); });
    mqtt::connect_options options;
    options.set_mqtt_version(MQTTVERSION_5);
    options.set_clean_start(false);
    options.set_connect_timeout(kConnectTimeout);
    options.set_automatic_reconnect(std::chrono::milliseconds(250), std::chrono::seconds(1));
    // Receive Maximum at its top: mosquitto 2.0 queues what exceeds a subscriber's in-flight
    // limit (max_inflight_messages, 20, without it) and sends that queue out of order, which is
    // the broker's order, not the agent's. The ledger checks the agent's.
    options.set_properties(
        {mqtt::property(mqtt::property::SESSION_EXPIRY_INTERVAL, kSessionExpirySeconds),
         mqtt::property(mqtt::property::RECEIVE_MAXIMUM, kReceiveMaximum)});
    if (!client_->connect(options)->wait_for(kConnectTimeout)) {
      return ::testing::AssertionFailure() << "ledger: no CONNACK from " << options_.url;
    }
    // The connected handler subscribes; wait for the SUBACK by subscribing once more here.
    if (!client_->subscribe(options_.topic_filter, 2)->wait_for(kConnectTimeout)) {
      return ::testing::AssertionFailure() << "ledger: no SUBACK for " << options_.topic_filter;
    }
  } catch (const mqtt::exception& error) {
    return ::testing::AssertionFailure()
           << "ledger could not subscribe at " << options_.url << ": " << error.what();
  }
  return ::testing::AssertionSuccess();
}

void Ledger::subscribe() {
  try {
    client_->subscribe(options_.topic_filter, 2);
  } catch (const mqtt::exception&) {
    // Lost again already: the next reconnect subscribes.
  }
}

void Ledger::stop() {
  if (!client_) {
    return;
  }
  try {
    client_->set_connected_handler([](const std::string&) {});
    if (client_->is_connected()) {
      client_->disconnect()->wait_for(std::chrono::seconds(5));
    }
  } catch (const mqtt::exception&) {
    // Already gone.
  }
  client_.reset();
}

void Ledger::on_message(const std::string& topic, const std::string& payload, bool replay_property,
                        bool dup) {
  if (ends_with(topic, "/health")) {
    std::lock_guard<std::mutex> lock(mutex_);
    health_ = payload;
    ++health_count_;
    arrived_.notify_all();
    return;
  }
  const auto doc = nlohmann::json::parse(payload, nullptr, false);
  if (doc.is_discarded()) {
    return;
  }
  // A packed replay (queue.replay_pack > 1) carries several readings as a JSON array.
  const std::vector<nlohmann::json> readings =
      doc.is_array() ? std::vector<nlohmann::json>(doc.begin(), doc.end())
                     : std::vector<nlohmann::json>{doc};
  const int64_t received = now_unix_ms();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const nlohmann::json& reading : readings) {
      if (!reading.is_object() || !reading.contains("seq")) {
        continue;  // status and availability messages
      }
      LedgerEntry entry;
      entry.topic = topic;
      entry.boot = reading.value("boot", std::string());
      entry.seq = reading.value("seq", uint64_t{0});
      entry.sampled_unix_ms = parse_iso_ms(reading.value("ts", std::string()));
      entry.replay = reading.value("replay", false);
      entry.replay_property = replay_property;
      entry.mqtt_dup = dup;
      entry.packed = doc.is_array();
      entry.received_unix_ms = received;
      entry.payload = doc.is_array() ? reading.dump() : payload;
      // The reading without its replay mark, in one form: a replayed reading is the same one.
      nlohmann::json identity = reading;
      identity.erase("replay");
      entry.identity = identity.dump();
      entries_.push_back(std::move(entry));
    }
  }
  arrived_.notify_all();
}

std::vector<LedgerEntry> Ledger::entries() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_;
}

std::optional<std::string> Ledger::latest_health() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return health_;
}

size_t Ledger::health_reports() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return health_count_;
}

namespace {

std::map<std::string, ChannelLedger> analyse(const std::vector<LedgerEntry>& entries,
                                             const std::function<bool(const LedgerEntry&)>& keep) {
  struct Work {
    std::map<std::pair<std::string, uint64_t>, std::string> seen;  // (boot, seq) -> identity
    std::map<std::string, uint64_t> highest_by_boot;
    std::map<uint64_t, std::set<std::string>> boots_by_seq;
  };
  std::map<std::string, ChannelLedger> out;
  std::map<std::string, Work> work;
  for (const LedgerEntry& entry : entries) {
    if (keep && !keep(entry)) {
      continue;
    }
    ChannelLedger& channel = out[entry.topic];
    Work& w = work[entry.topic];
    ++channel.received;
    channel.replayed += entry.replay ? 1 : 0;
    const auto key = std::make_pair(entry.boot, entry.seq);
    const std::string& identity = entry.identity;
    auto [it, first] = w.seen.emplace(key, identity);
    if (!first) {
      ++(entry.mqtt_dup ? channel.broker_redeliveries : channel.duplicates);
      channel.conflicts += it->second != identity ? 1 : 0;
      continue;
    }
    auto [high, fresh] = w.highest_by_boot.emplace(entry.boot, entry.seq);
    if (!fresh) {
      if (entry.seq < high->second) {
        ++channel.out_of_order;
      } else {
        high->second = entry.seq;
      }
    }
    w.boots_by_seq[entry.seq].insert(entry.boot);
  }
  for (auto& [topic, channel] : out) {
    const Work& w = work[topic];
    channel.unique = w.seen.size();
    if (w.boots_by_seq.empty()) {
      continue;
    }
    channel.min_seq = w.boots_by_seq.begin()->first;
    channel.max_seq = w.boots_by_seq.rbegin()->first;
    uint64_t expected = channel.min_seq;
    const std::set<std::string>* previous = nullptr;
    for (const auto& [seq, boots] : w.boots_by_seq) {
      // A gap between the last seq of one boot and the first of the next is what the killed
      // boot had reserved but not issued; a gap within one boot is a loss.
      const bool boot_change =
          previous != nullptr && std::none_of(boots.begin(), boots.end(), [&](const auto& boot) {
            return previous->count(boot) > 0;
          });
      if (boot_change) {
        channel.skipped_at_restart += seq - expected;
        expected = seq;
      }
      for (; expected < seq; ++expected) {
        channel.missing.push_back(expected);
      }
      expected = seq + 1;
      channel.seq_reused += boots.size() - 1;
      previous = &boots;
    }
  }
  return out;
}

}  // namespace

std::map<std::string, ChannelLedger> Ledger::report(
    const std::function<bool(const LedgerEntry&)>& keep) const {
  return analyse(entries(), keep);
}

::testing::AssertionResult Ledger::wait_for(
    const std::function<bool(const std::vector<LedgerEntry>&)>& done,
    std::chrono::milliseconds timeout, const std::string& what) const {
  std::unique_lock<std::mutex> lock(mutex_);
  if (arrived_.wait_for(lock, timeout, [&] { return done(entries_); })) {
    return ::testing::AssertionSuccess();
  }
  lock.unlock();
  return ::testing::AssertionFailure()
         << "timed out after " << timeout.count() << " ms waiting for " << what << "\n"
         << summary();
}

::testing::AssertionResult Ledger::wait_until_complete(const std::string& topic,
                                                       int64_t after_unix_ms,
                                                       std::chrono::milliseconds timeout) const {
  return wait_for(
      [&](const std::vector<LedgerEntry>& entries) {
        bool later = false;
        for (const LedgerEntry& entry : entries) {
          later = later || (entry.topic == topic && entry.sampled_unix_ms > after_unix_ms);
        }
        if (!later) {
          return false;
        }
        const auto channels = analyse(entries, {});
        const auto it = channels.find(topic);
        return it != channels.end() && it->second.missing.empty();
      },
      timeout, "every reading on " + topic + " up to one sampled after the last fault");
}

::testing::AssertionResult Ledger::wait_for_health_reports(
    size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  if (arrived_.wait_for(lock, timeout, [&] { return health_count_ > count; })) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "only " << health_count_ << " health reports within " << timeout.count() << " ms";
}

std::string Ledger::summary() const {
  std::ostringstream text;
  for (const auto& [topic, channel] : report()) {
    text << topic << ": " << channel.describe() << "\n";
  }
  return text.str();
}

}  // namespace sa::test
