#include "publish/publisher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/thread_name.h"
#include "log/log.h"
#include "publish/backoff.h"
#include "publish/in_flight_window.h"
#include "publish/payload.h"
#include "publish/replay_pack.h"
#include "publish/seq_counters.h"
#include "publish/topics.h"
#include "publish/wakeup.h"

namespace sa {
namespace {

using std::chrono::milliseconds;

// How often the seq reservations are checked; seq.json is written only when one is due (about
// once a minute per topic, see SeqCounters).
constexpr milliseconds kSeqSaveInterval{1'000};
constexpr milliseconds kStableConnection{10'000};  // up this long: backoff starts over
constexpr milliseconds kIdleWait{1'000};
constexpr size_t kMaxQueuedDirect = 10'000;  // readings without queue awaiting the thread
constexpr milliseconds kRetryFill{100};
constexpr milliseconds kMaxUnserved{5};  // a driven client's socket waits no longer than this
constexpr int kMaxRejections = 3;        // then the broker will never take it: drop
constexpr int kMaxResumesUnreported = 3;
// A packed replay message stays below the 128 KiB that hosted brokers accept.
constexpr size_t kMaxPackBytes = 120'000;

int64_t unix_ms(WallTime time) {
  return std::chrono::duration_cast<milliseconds>(time.time_since_epoch()).count();
}

}  // namespace

class Publisher::Impl {
 public:
  Impl(const Config& config, std::unique_ptr<Transport> transport,
       std::unique_ptr<MessageBuffer> buffer, std::string boot_id)
      : config_(config),
        transport_(std::move(transport)),
        buffer_(std::move(buffer)),
        boot_id_(std::move(boot_id)),
        device_(config.device.id),
        status_topic_(status_topic(config)),
        seq_(config.agent.state_dir + "/seq.json"),
        backoff_(config.broker.reconnect_min, config.broker.reconnect_max),
        max_inflight_(static_cast<size_t>(std::max(1, config.broker.max_inflight))),
        replay_pack_(static_cast<size_t>(std::max(1, config.queue.replay_pack))),
        window_(config.broker.ack_timeout) {
    if (Status loaded = seq_.load(); !loaded) {
      spdlog::warn("seq counters start over: {}", loaded.reason());
    }
  }

  ~Impl() { stop(milliseconds(0)); }

  void start() {
    if (thread_.joinable())
      return;
    transport_->set_callbacks(Transport::Callbacks{[this](const std::string& reason) {
                                                     post(Event{Event::Kind::lost, {}, reason});
                                                   },
                                                   [this](const DeliveryReport& report) {
                                                     post(Event{Event::Kind::delivery, report, {}});
                                                   },
                                                   {},
                                                   inbound_handler_});
    // A client that can be driven gets no network thread: this publisher's thread polls its
    // socket, and a reading crosses one thread boundary (sampler -> publisher), not two.
    driven_ = transport_->drive_from_caller();
    thread_ = std::thread([this] {
      name_this_thread("sa-publish");
      run();
    });
  }

  void submit(const Reading& reading) {
    const ChannelRoute& route = *reading.route;
    std::unique_lock<std::mutex> lock(submit_mutex_);
    auto it = encoders_.find(&route);
    if (it == encoders_.end()) {
      it = encoders_.emplace(&route, PayloadEncoder(device_, route, boot_id_)).first;
    }
    // Seq is taken and the message pushed under one lock, so per topic seq order is push order.
    std::string payload = it->second.encode(reading.value, reading.sampled_at,
                                            reading.clock_synchronized, seq_.take(route.topic));
    OutgoingMessage message{route.topic, std::move(payload), static_cast<uint8_t>(route.qos),
                            route.retain, unix_ms(reading.sampled_at)};
    if (route.queue) {
      buffer_->push(std::move(message));
      lock.unlock();
      if (!reading.more_follow)
        wake();
      return;
    }
    lock.unlock();
    if (!connected_flag_.load()) {
      ++dropped_;
      return;
    }
    post_outgoing(Outgoing{std::move(message), Outgoing::Kind::direct});
  }

  void publish_control(const std::string& topic, std::string payload, bool retain) {
    if (!connected_flag_.load())
      return;
    OutgoingMessage message{topic, std::move(payload), 1, retain, 0};
    post_outgoing(Outgoing{std::move(message), Outgoing::Kind::control});
  }

  void set_subscriptions(std::vector<std::string> filters,
                         std::function<void(const InboundMessage&)> handler) {
    subscriptions_ = std::move(filters);
    inbound_handler_ = std::move(handler);
  }

  void publish_reply(const std::string& topic, std::string payload, std::string correlation) {
    if (!connected_flag_.load())
      return;
    OutgoingMessage message{topic, std::move(payload), 1, false, 0};
    post_outgoing(Outgoing{std::move(message), Outgoing::Kind::control, std::move(correlation)});
  }

  void stop(milliseconds drain) {
    {
      std::lock_guard<std::mutex> lock(events_mutex_);
      if (stop_requested_)
        return;
      stop_requested_ = true;
      drain_ = drain;
    }
    wakeup_.notify();
    if (thread_.joinable()) {
      thread_.join();
    } else {
      buffer_->flush();
      save_seq();
    }
  }

  PublisherStats stats() const {
    PublisherStats out;
    {
      std::lock_guard<std::mutex> lock(stats_mutex_);
      out.last_error = last_error_;
      out.reconnects = reconnects_;
      out.ack_timeouts = ack_timeouts_;
    }
    out.connected = connected_flag_.load();
    out.published = published_.load();
    out.dropped = dropped_.load();
    out.buffer = buffer_->stats();
    return out;
  }

 private:
  struct Event {
    enum class Kind { lost, delivery, wake } kind;
    DeliveryReport report;
    std::string reason;
  };
  struct Outgoing {
    OutgoingMessage message;
    enum class Kind { direct, control } kind;
    std::string correlation = {};  // MQTT 5 Correlation Data of a reply
  };

  void post(Event event) {
    {
      std::lock_guard<std::mutex> lock(events_mutex_);
      events_.push_back(std::move(event));
    }
    wakeup_.notify();
  }

  void wake() {
    {
      std::lock_guard<std::mutex> lock(events_mutex_);
      woken_ = true;
    }
    wakeup_.notify();
  }

  void post_outgoing(Outgoing outgoing) {
    {
      std::lock_guard<std::mutex> lock(events_mutex_);
      if (outgoing_.size() >= kMaxQueuedDirect) {
        if (outgoing.kind == Outgoing::Kind::direct)
          ++dropped_;
        return;
      }
      outgoing_.push_back(std::move(outgoing));
    }
    wakeup_.notify();
  }

  // --- publisher thread ---

  void run() {
    sa::log::FieldScope scope({{"BROKER", config_.broker.url}});
    next_seq_save_ = SteadyClock::now() + kSeqSaveInterval;
    for (;;) {
      try {
        if (stop_requested())
          break;
        const SteadyTime now = SteadyClock::now();
        if (!connected_ && now >= next_attempt_)
          try_connect();
        if (connected_) {
          send_batch();
          check_ack_timeouts();
        }
        if (now >= next_seq_save_)
          top_up_seq();
        wait_and_handle_events(wait_deadline());
      } catch (const std::exception& e) {
        spdlog::error("publisher: {}", e.what());
        wait_and_handle_events(SteadyClock::now() + kIdleWait);
      }
    }
    shutdown();
  }

  bool stop_requested() {
    std::lock_guard<std::mutex> lock(events_mutex_);
    return stop_requested_;
  }

  // Everything sendable now, as one batch on the wire when the client is driven.
  void send_batch() {
    struct Hold {
      Transport& transport;
      bool on;
      ~Hold() {
        if (on)
          transport.hold_writes(false);
      }
    } hold{*transport_, driven_};
    if (driven_)
      transport_->hold_writes(true);
    send_outgoing();
    fill_window();
  }

  SteadyTime wait_deadline() const {
    const SteadyTime now = SteadyClock::now();
    SteadyTime deadline = std::min(now + kIdleWait, next_seq_save_);
    if (!connected_)
      deadline = std::min(deadline, std::max(now, next_attempt_));
    if (connected_ && window_.oldest_ack_deadline())
      deadline = std::min(deadline, *window_.oldest_ack_deadline());
    return deadline;
  }

  void wait_and_handle_events(SteadyTime deadline) {
    sleep_unless(deadline, [&] {
      return stop_requested_ || !events_.empty() || !outgoing_.empty() ||
             (woken_ && connected_ && window_.buffered() < max_inflight_);
    });
    std::deque<Event> events;
    {
      std::lock_guard<std::mutex> lock(events_mutex_);
      woken_ = false;
      events.swap(events_);
    }
    for (Event& event : events)
      handle(event);
  }

  // Sleeps until `ready` (checked under events_mutex_), a notify or the deadline. A driven
  // client's socket is polled in the same sleep and served when it wakes; its callbacks post
  // their events from this thread.
  template <typename Ready>
  void sleep_unless(SteadyTime deadline, Ready ready) {
    bool busy = false;
    {
      std::lock_guard<std::mutex> lock(events_mutex_);
      busy = ready();
      if (!busy)
        wakeup_.arm();
    }
    const int fd = driven_ ? transport_->poll_fd() : -1;
    const SteadyTime now = SteadyClock::now();
    // Work that never lets up (readings without queue arriving all the time) must not keep
    // acknowledgements unread until they time out: the socket is looked at every few ms.
    if (busy && (fd < 0 || now - last_serviced_ < kMaxUnserved))
      return;
    last_serviced_ = now;
    const Wakeup::Ready io =
        wakeup_.sleep_until(busy ? now : deadline, fd, fd >= 0 && transport_->wants_write());
    if (fd >= 0)
      transport_->service(io.readable, io.writable);
  }

  void handle(Event& event) {
    switch (event.kind) {
      case Event::Kind::lost:
        // A late report from a connection already replaced (v5 can report a loss twice).
        if (connected_ && !transport_->is_connected())
          on_lost(event.reason, false);
        break;
      case Event::Kind::delivery:
        on_delivery(event.report);
        break;
      case Event::Kind::wake:
        break;
    }
  }

  void try_connect() {
    const ConnectReport report = transport_->connect(config_.broker.connect_timeout);
    const SteadyTime now = SteadyClock::now();
    if (!report.connected) {
      if (report.reason != last_failure_logged_) {
        spdlog::warn("cannot connect to {}: {}", report.server_uri, report.reason);
        last_failure_logged_ = report.reason;
      }
      set_last_error(report.reason);
      next_attempt_ = backoff_.next_attempt(now);
      return;
    }
    connected_ = true;
    connected_at_ = now;
    last_failure_logged_.clear();
    spdlog::info("connected to {} (MQTT {}{})", report.server_uri, report.protocol,
                 report.session_present ? ", session resumed" : "");
    if (ever_connected_) {
      std::lock_guard<std::mutex> lock(stats_mutex_);
      ++reconnects_;
    }
    ever_connected_ = true;
    if (report.maximum_qos < 2 && maximum_qos_ != report.maximum_qos) {
      spdlog::warn("the broker accepts QoS {} at most: higher channels are sent at QoS {}",
                   report.maximum_qos, report.maximum_qos);
    }
    maximum_qos_ = report.maximum_qos;
    // A transport that reports every unsettled message keeps them all waiting: sending one again
    // here while it still sat in the client's queue would deliver it twice.
    resume_in_flight(report.session_present || report.unsettled_reported, now);
    connected_flag_ = true;
    publish_status("online");
    subscribe_all();
  }

  // Subscriptions are made again on every connection: a new session has none.
  void subscribe_all() {
    for (const std::string& filter : subscriptions_) {
      std::string reason;
      if (!transport_->subscribe(filter, 1, config_.broker.connect_timeout, reason))
        spdlog::warn("cannot subscribe to {}: {}", filter, reason);
    }
  }

  // Paho resends its in-flight messages itself when the broker kept the session: keep waiting
  // for them instead of sending them twice. Without a session they are gone: send them again.
  void resume_in_flight(bool session_present, SteadyTime now) {
    window_.resume(session_present, now, kMaxResumesUnreported, [this](const InFlight& entry) {
      if (entry.origin == Origin::buffer)
        release(entry);
    });
    // Everything unsent now was pushed before this connection came up: it is replayed.
    const BufferStats stats = buffer_->stats();
    backlog_ = stats.depth - std::min(stats.depth, stats.in_flight);
    backlog_dropped_mark_ = stats.dropped;
  }

  void on_lost(const std::string& reason, bool forced) {
    connected_ = false;
    connected_flag_ = false;
    const SteadyTime now = SteadyClock::now();
    spdlog::warn("disconnected from {}: {}", config_.broker.url, reason);
    set_last_error(reason);
    if (now - connected_at_ >= kStableConnection)
      backoff_.reset();
    next_attempt_ = forced ? now : backoff_.next_attempt(now);
    window_.forget_direct_qos0();
    std::lock_guard<std::mutex> lock(events_mutex_);
    for (const Outgoing& outgoing : outgoing_) {
      if (outgoing.kind == Outgoing::Kind::direct)
        ++dropped_;
    }
    outgoing_.clear();
  }

  void publish_status(const std::string& state) {
    OutgoingMessage message{status_topic_, state, 1, true, 0};
    send(message, Origin::status, 0, false);
  }

  void send_outgoing() {
    std::deque<Outgoing> outgoing;
    {
      std::lock_guard<std::mutex> lock(events_mutex_);
      outgoing.swap(outgoing_);
    }
    for (Outgoing& item : outgoing) {
      const Origin origin = item.kind == Outgoing::Kind::direct ? Origin::direct : Origin::control;
      correlation_ = std::move(item.correlation);
      if (!send(item.message, origin, 0, false) && origin == Origin::direct)
        ++dropped_;
    }
  }

  void fill_window() {
    if (SteadyClock::now() < retry_fill_at_)
      return;
    if (replay_pack_ > 1) {
      fill_window_packed();
      return;
    }
    while (connected_ && window_.buffered() < max_inflight_) {
      std::vector<BufferedMessage> batch = buffer_->take_unsent(max_inflight_ - window_.buffered());
      if (batch.empty())
        return;
      account_backlog_drops();
      for (BufferedMessage& item : batch) {
        const bool replay = take_replay_mark(item.id);
        if (replay)
          mark_replay(item.message.payload);
        if (!send(item.message, Origin::buffer, item.id, replay)) {
          release(item.id);
          // The client refused even to queue it: retry a little later, not in a hot loop.
          retry_fill_at_ = SteadyClock::now() + kRetryFill;
          release_rest(batch, item.id);
          return;
        }
      }
    }
  }

  // Backlog messages dropped by the bound were never sent: they no longer count.
  void account_backlog_drops() {
    const uint64_t dropped = buffer_->stats().dropped;
    if (dropped > backlog_dropped_mark_) {
      backlog_ -= std::min(backlog_, dropped - backlog_dropped_mark_);
      backlog_dropped_mark_ = dropped;
    }
  }

  // Whether a message just taken from the buffer is a replay: sent before and released, or
  // buffered before this connection came up.
  bool take_replay_mark(uint64_t buffer_id) {
    if (resend_.erase(buffer_id) > 0)
      return true;  // counted off the backlog when it was first taken
    if (backlog_ == 0)
      return false;
    --backlog_;
    return true;
  }

  // Like fill_window(), but replayed readings of one channel travel together (replay_pack.h).
  void fill_window_packed() {
    while (connected_ && window_.buffered() < max_inflight_) {
      const size_t slots = max_inflight_ - window_.buffered();
      std::vector<BufferedMessage> batch = buffer_->take_unsent(slots * replay_pack_);
      if (batch.empty())
        return;
      account_backlog_drops();
      std::vector<bool> replay(batch.size());
      for (size_t i = 0; i < batch.size(); ++i)
        replay[i] = take_replay_mark(batch[i].id);
      Grouping grouping =
          group_into_packs(batch, replay, PackLimits{slots, replay_pack_, kMaxPackBytes});
      for (const Grouping::GivenBack& item : grouping.given_back)
        give_back(item.id, item.replay);
      std::vector<Pack>& packs = grouping.packs;
      for (size_t i = 0; i < packs.size(); ++i) {
        if (!send_pack(packs[i])) {
          // The client refused even to queue it: retry a little later, not in a hot loop.
          retry_fill_at_ = SteadyClock::now() + kRetryFill;
          for (size_t j = i; j < packs.size(); ++j) {
            for (const BufferedMessage* item : packs[j].items)
              release(item->id);
          }
          return;
        }
      }
      if (!grouping.given_back.empty())
        return;  // the window is full
    }
  }

  // Back to the buffer unsent, keeping its replay mark for when it is taken again.
  void give_back(uint64_t buffer_id, bool replay) {
    buffer_->release(buffer_id);
    if (replay)
      resend_.insert(buffer_id);
  }

  bool send_pack(Pack& pack) {
    BufferedMessage& first = *pack.items.front();
    if (pack.replay)
      mark_replay(first.message.payload);
    if (pack.items.size() == 1)
      return send(first.message, Origin::buffer, first.id, pack.replay);
    std::vector<uint64_t> packed_ids;
    const OutgoingMessage message = pack_message(pack, packed_ids);
    return send(message, Origin::buffer, first.id, true, std::move(packed_ids));
  }

  void release_rest(const std::vector<BufferedMessage>& batch, uint64_t failed_id) {
    bool after = false;
    for (const BufferedMessage& item : batch) {
      if (after)
        release(item.id);
      if (item.id == failed_id)
        after = true;
    }
  }

  void release(uint64_t buffer_id) {
    buffer_->release(buffer_id);
    resend_.insert(buffer_id);
  }

  bool send(const OutgoingMessage& message, Origin origin, uint64_t buffer_id, bool replay,
            std::vector<uint64_t> packed_ids = {}) {
    PublishRequest request;
    request.token = ++next_token_;
    request.topic = message.topic;
    request.payload = message.payload;
    // A broker that caps QoS (MQTT 5 Maximum QoS) closes the connection on anything higher.
    request.qos = std::min<int>(message.qos, maximum_qos_);
    request.retain = message.retain;
    if (origin == Origin::control)
      request.correlation_data = std::exchange(correlation_, {});
    if (origin == Origin::buffer || origin == Origin::direct) {
      request.message_expiry = message_expiry(message);
      if (replay)
        request.user_properties.push_back(UserProperty{"replay", "true"});
    }
    // Recorded before publish(): the delivery report may arrive before publish() returns.
    window_.add(request.token, InFlight{origin, buffer_id, request.qos, SteadyClock::now(),
                                        std::move(packed_ids)});
    std::string reason;
    if (transport_->publish(request, reason))
      return true;
    window_.take(request.token);
    spdlog::debug("publish to {} failed: {}", message.topic, reason);
    return false;
  }

  std::chrono::seconds message_expiry(const OutgoingMessage& message) const {
    using std::chrono::seconds;
    const auto expiry = std::chrono::duration_cast<seconds>(config_.broker.message_expiry);
    if (expiry.count() <= 0)
      return seconds(0);
    // A replayed reading has already lived part of its life.
    const int64_t age_ms = unix_ms(WallClock::now()) - message.created_unix_ms;
    if (message.created_unix_ms <= 0 || age_ms <= 0)
      return expiry;
    return std::max(seconds(1), expiry - std::chrono::duration_cast<seconds>(milliseconds(age_ms)));
  }

  void on_delivery(const DeliveryReport& report) {
    const std::optional<InFlight> taken = window_.take(report.token);
    if (!taken)
      return;  // from a session that was discarded
    const InFlight& entry = *taken;
    switch (entry.origin) {
      case Origin::buffer:
        if (report.delivered) {
          acknowledge(entry);
          published_ += 1 + entry.packed_ids.size();
        } else if (report.rejected && ++rejections_[entry.buffer_id] >= kMaxRejections) {
          spdlog::warn("broker keeps rejecting a message on {}, dropped: {}", config_.broker.url,
                       report.reason);
          rejections_.erase(entry.buffer_id);
          acknowledge(entry);
          dropped_ += 1 + entry.packed_ids.size();
        } else {
          release(entry);  // sent again before anything newer
        }
        break;
      case Origin::direct:
        if (report.delivered) {
          ++published_;
        } else {
          ++dropped_;
        }
        break;
      case Origin::control:
      case Origin::status:
        if (!report.delivered)
          spdlog::debug("control message not delivered: {}", report.reason);
        break;
    }
  }

  void acknowledge(const InFlight& entry) {
    buffer_->acknowledge(entry.buffer_id);
    for (uint64_t id : entry.packed_ids)
      buffer_->acknowledge(id);
  }

  void release(const InFlight& entry) {
    release(entry.buffer_id);
    for (uint64_t id : entry.packed_ids)
      release(id);
  }

  // Paho only pings when idle, so a busy publisher would never notice a half-open TCP link: no
  // acknowledgement in time means the link is dead.
  void check_ack_timeouts() {
    const std::optional<SteadyTime> deadline = window_.oldest_ack_deadline();
    if (!deadline || SteadyClock::now() < *deadline)
      return;
    {
      std::lock_guard<std::mutex> lock(stats_mutex_);
      ++ack_timeouts_;
    }
    transport_->disconnect(milliseconds(1'000));
    on_lost("no acknowledgement within " + std::to_string(config_.broker.ack_timeout.count()) +
                " ms (half-open connection), reconnecting",
            true);
  }

  // Off the sampling path: reserving seq values ahead here keeps take() from waiting on the card.
  void top_up_seq() {
    next_seq_save_ = SteadyClock::now() + kSeqSaveInterval;
    if (Status reserved = seq_.top_up(); !reserved) {
      spdlog::warn("cannot reserve seq values ahead: {}", reserved.reason());
    }
  }

  void save_seq() {
    next_seq_save_ = SteadyClock::now() + kSeqSaveInterval;
    if (Status saved = seq_.save(); !saved) {
      spdlog::warn("cannot save seq counters: {}", saved.reason());
    }
  }

  void shutdown() {
    milliseconds drain{0};
    {
      std::lock_guard<std::mutex> lock(events_mutex_);
      drain = drain_;
    }
    if (connected_) {
      send_outgoing();
      publish_status("offline");
      const SteadyTime until = SteadyClock::now() + drain;
      while (connected_ && SteadyClock::now() < until && window_.has_unacknowledged()) {
        wait_for_events_until(std::min(until, SteadyClock::now() + milliseconds(100)));
      }
      transport_->disconnect(std::min(drain, milliseconds(2'000)) + milliseconds(100));
      spdlog::info("disconnected from {} (stopping)", config_.broker.url);
    }
    connected_ = false;
    connected_flag_ = false;
    buffer_->release_all();
    buffer_->flush();
    save_seq();
  }

  void wait_for_events_until(SteadyTime deadline) {
    sleep_unless(deadline, [&] { return !events_.empty(); });
    std::deque<Event> events;
    {
      std::lock_guard<std::mutex> lock(events_mutex_);
      events.swap(events_);
    }
    for (Event& event : events)
      handle(event);
  }

  void set_last_error(const std::string& reason) {
    std::lock_guard<std::mutex> lock(stats_mutex_);
    last_error_ = reason;
  }

  const Config config_;
  std::unique_ptr<Transport> transport_;
  std::unique_ptr<MessageBuffer> buffer_;
  const std::string boot_id_;
  const std::string device_;
  const std::string status_topic_;
  SeqCounters seq_;
  Backoff backoff_;
  const size_t max_inflight_;
  const size_t replay_pack_;
  std::vector<std::string> subscriptions_;  // set before start()
  std::function<void(const InboundMessage&)> inbound_handler_;
  std::string correlation_;  // of the reply send() is about to publish

  std::mutex submit_mutex_;
  std::unordered_map<const ChannelRoute*, PayloadEncoder> encoders_;

  std::mutex events_mutex_;
  Wakeup wakeup_;
  std::deque<Event> events_;
  std::deque<Outgoing> outgoing_;
  bool woken_ = false;
  bool stop_requested_ = false;
  milliseconds drain_{0};

  mutable std::mutex stats_mutex_;
  std::string last_error_;
  uint64_t reconnects_ = 0;
  uint64_t ack_timeouts_ = 0;
  std::atomic<bool> connected_flag_{false};
  std::atomic<uint64_t> published_{0};
  std::atomic<uint64_t> dropped_{0};

  // Owned by the publisher thread.
  std::thread thread_;
  bool driven_ = false;  // the transport's network loop runs in this thread
  SteadyTime last_serviced_{};
  bool connected_ = false;
  int maximum_qos_ = 2;  // from the last CONNACK
  bool ever_connected_ = false;
  SteadyTime connected_at_{};
  SteadyTime next_attempt_{};
  SteadyTime next_seq_save_{};
  SteadyTime retry_fill_at_{};
  std::string last_failure_logged_;
  uint64_t next_token_ = 0;
  InFlightWindow window_;
  std::unordered_set<uint64_t> resend_;  // released buffer ids: replayed when sent again
  std::unordered_map<uint64_t, int> rejections_;
  uint64_t backlog_ = 0;  // messages buffered before this connection, not yet sent
  uint64_t backlog_dropped_mark_ = 0;
};

Publisher::Publisher(const Config& config, std::unique_ptr<Transport> transport,
                     std::unique_ptr<MessageBuffer> buffer, std::string boot_id)
    : impl_(std::make_unique<Impl>(config, std::move(transport), std::move(buffer),
                                   std::move(boot_id))) {}
Publisher::~Publisher() = default;

void Publisher::start() {
  impl_->start();
}
void Publisher::submit(const Reading& reading) {
  impl_->submit(reading);
}
void Publisher::publish_control(const std::string& topic, std::string payload, bool retain) {
  impl_->publish_control(topic, std::move(payload), retain);
}
void Publisher::set_subscriptions(std::vector<std::string> filters,
                                  std::function<void(const InboundMessage&)> handler) {
  impl_->set_subscriptions(std::move(filters), std::move(handler));
}
void Publisher::publish_reply(const std::string& topic, std::string payload,
                              std::string correlation) {
  impl_->publish_reply(topic, std::move(payload), std::move(correlation));
}
void Publisher::stop(std::chrono::milliseconds drain) {
  impl_->stop(drain);
}
PublisherStats Publisher::stats() const {
  return impl_->stats();
}

}  // namespace sa
