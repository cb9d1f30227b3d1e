#include <gtest/gtest.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "log/log.h"
#include "sampling/sampler.h"

namespace sa {
namespace {

using namespace std::chrono_literals;

// Polls `done` until it holds or the generous timeout passes.
template <typename Predicate>
bool eventually(Predicate done, SteadyClock::duration timeout = 15s) {
  const SteadyTime until = SteadyClock::now() + timeout;
  while (!done()) {
    if (SteadyClock::now() > until)
      return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

class Gate {
 public:
  void wait() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return open_; });
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
};

// What a test controls and observes of a fake sensor; shared so that it outlives the sensor.
struct Probe {
  std::atomic<bool> fail_setup{false};
  std::atomic<bool> fail_read{false};
  std::atomic<bool> throw_in_read{false};
  std::atomic<bool> hang{false};
  std::atomic<int> sleep_ms{0};  // per read
  std::atomic<int> setups{0};
  std::atomic<int> reads{0};
  std::atomic<bool> destroyed{false};
  Gate gate;

  std::mutex mutex;
  std::vector<SteadyTime> setup_times;
  std::vector<WallTime> read_entries;
};

class FakeSensor : public Sensor {
 public:
  explicit FakeSensor(std::shared_ptr<Probe> probe) : probe_(std::move(probe)) {}
  ~FakeSensor() override { probe_->destroyed = true; }
  FakeSensor(const FakeSensor&) = delete;
  FakeSensor& operator=(const FakeSensor&) = delete;
  FakeSensor(FakeSensor&&) = delete;
  FakeSensor& operator=(FakeSensor&&) = delete;

  Status setup() override {
    {
      std::lock_guard lock(probe_->mutex);
      probe_->setup_times.push_back(SteadyClock::now());
    }
    ++probe_->setups;
    return probe_->fail_setup ? Status::error("no chip at 0x76") : Status::ok();
  }

  Status read(std::vector<ChannelSample>& out) override {
    {
      std::lock_guard lock(probe_->mutex);
      probe_->read_entries.push_back(WallClock::now());
    }
    const int n = ++probe_->reads;
    if (probe_->hang)
      probe_->gate.wait();
    if (probe_->sleep_ms > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(probe_->sleep_ms));
    if (probe_->throw_in_read)
      throw std::runtime_error("driver bug");
    if (probe_->fail_read)
      return Status::error("I2C NACK");
    out.push_back({"value", static_cast<double>(n), {}});
    out.push_back({"unconfigured", 1.0, {}});
    return Status::ok();
  }

 private:
  std::shared_ptr<Probe> probe_;
};

// A sensor with an eventfd, like a GPIO line: each event produces one "edge" sample.
class EventSensor : public Sensor {
 public:
  EventSensor() : fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}
  ~EventSensor() override { close(fd_); }
  EventSensor(const EventSensor&) = delete;
  EventSensor& operator=(const EventSensor&) = delete;
  EventSensor(EventSensor&&) = delete;
  EventSensor& operator=(EventSensor&&) = delete;

  int raw_fd() const { return fd_; }
  int event_fd() const override { return fd_; }
  Status read(std::vector<ChannelSample>& out) override {
    out.push_back({"value", 0.0, {}});
    return Status::ok();
  }
  Status on_event(std::vector<ChannelSample>& out) override {
    uint64_t count = 0;
    if (::read(fd_, &count, sizeof count) != sizeof count)
      return Status::error("no event");
    events_ += count;
    out.push_back({"edge", static_cast<double>(events_), {}});
    return Status::ok();
  }

 private:
  int fd_;
  uint64_t events_ = 0;
};

class Recorder {
 public:
  ReadingSink sink() {
    return [this](const Reading& reading) {
      std::lock_guard lock(mutex_);
      readings_.push_back(reading);
    };
  }
  size_t count(const std::string& sensor, const std::string& channel = "value") const {
    std::lock_guard lock(mutex_);
    return static_cast<size_t>(std::count_if(
        readings_.begin(), readings_.end(),
        [&](const auto& r) { return r.route->sensor == sensor && r.route->channel == channel; }));
  }
  std::vector<Reading> readings() const {
    std::lock_guard lock(mutex_);
    return readings_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<Reading> readings_;
};

struct LogLine {
  spdlog::level::level_enum level;
  std::string message;
  std::vector<std::pair<std::string, std::string>> fields;
};

class CaptureSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<LogLine> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    lines_.push_back(
        {msg.level, std::string(msg.payload.data(), msg.payload.size()), log::current_fields()});
  }
  void flush_() override {}

 private:
  std::vector<LogLine> lines_;
};

// One sensor's config and routes; routes must outlive the sampler.
struct SensorSetup {
  SensorConfig config;
  ChannelRoute value;
  ChannelRoute edge;

  SensorSetup(const std::string& name, std::chrono::milliseconds interval) {
    config.name = name;
    config.interval = interval;
    for (const char* channel : {"value", "edge"}) {
      ChannelConfig c;
      c.name = channel;
      config.channels.push_back(c);
    }
    value.sensor = edge.sensor = name;
    value.channel = "value";
    edge.channel = "edge";
  }
  std::vector<const ChannelRoute*> routes() const { return {&value, &edge}; }
};

class SensorRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_ = spdlog::default_logger();
    capture_ = std::make_shared<CaptureSink>();
    auto logger = std::make_shared<spdlog::logger>("test", capture_);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
    options_.setup_backoff_min = 10ms;
    options_.setup_backoff_max = 40ms;
    options_.stop_timeout = 300ms;
  }
  void TearDown() override { spdlog::set_default_logger(previous_); }

  SensorStatus status_of(const Sampler& sampler, const std::string& name) {
    for (const auto& status : sampler.statuses()) {
      if (status.name == name)
        return status;
    }
    ADD_FAILURE() << "no status for " << name;
    return {};
  }

  std::vector<LogLine> lines_containing(const std::string& text) {
    std::vector<LogLine> found;
    for (const auto& line : capture_->lines()) {
      if (line.message.find(text) != std::string::npos)
        found.push_back(line);
    }
    return found;
  }

  RunnerOptions options_;
  std::shared_ptr<CaptureSink> capture_;
  std::shared_ptr<spdlog::logger> previous_;
};

TEST_F(SensorRunnerTest, ASensorStuckInReadDoesNotDelayAnother) {
  SensorSetup slow("ds18b20", 10ms);
  SensorSetup fast("fast", 10ms);
  auto slow_probe = std::make_shared<Probe>();
  slow_probe->hang = true;
  Recorder recorder;
  {
    Sampler sampler(recorder.sink(), options_);
    sampler.add(slow.config, std::make_unique<FakeSensor>(slow_probe), slow.routes());
    sampler.add(fast.config, std::make_unique<FakeSensor>(std::make_shared<Probe>()),
                fast.routes());
    sampler.start();
    ASSERT_TRUE(eventually([&] { return slow_probe->reads == 1; }));
    const size_t before = recorder.count("fast");
    EXPECT_TRUE(eventually([&] { return recorder.count("fast") >= before + 20; }));
    EXPECT_EQ(slow_probe->reads, 1);
    slow_probe->gate.open();
  }
  EXPECT_TRUE(eventually([&] { return slow_probe->destroyed.load(); }));
}

TEST_F(SensorRunnerTest, AConversionAsSlowAsADs18b20LeavesAFastSensorOnSchedule) {
  SensorSetup slow("ds18b20", 100ms);
  SensorSetup fast("fast", 10ms);
  auto slow_probe = std::make_shared<Probe>();
  slow_probe->sleep_ms = 750;
  Recorder recorder;
  Sampler sampler(recorder.sink(), options_);
  sampler.add(slow.config, std::make_unique<FakeSensor>(slow_probe), slow.routes());
  sampler.add(fast.config, std::make_unique<FakeSensor>(std::make_shared<Probe>()), fast.routes());
  sampler.start();
  ASSERT_TRUE(eventually([&] { return recorder.count("ds18b20") >= 2; }));
  // At least 1.5 s passed: 150 fast intervals. A fifth of that is a generous floor.
  EXPECT_GE(recorder.count("fast"), 30u);
  sampler.stop();
  // Each 750 ms read overran the 100 ms interval.
  EXPECT_GE(status_of(sampler, "ds18b20").missed_deadlines, 6u);
}

TEST_F(SensorRunnerTest, AFailingReadTurnsWarningIsLoggedOnceAndRecovers) {
  SensorSetup setup("bme280", 5ms);
  auto probe = std::make_shared<Probe>();
  Recorder recorder;
  Sampler sampler(recorder.sink(), options_);
  sampler.add(setup.config, std::make_unique<FakeSensor>(probe), setup.routes());
  sampler.start();
  ASSERT_TRUE(eventually([&] { return recorder.count("bme280") >= 1; }));
  probe->fail_read = true;
  ASSERT_TRUE(eventually([&] { return status_of(sampler, "bme280").errors >= 5; }));
  SensorStatus failing = status_of(sampler, "bme280");
  EXPECT_EQ(failing.state, SensorState::warning);
  EXPECT_NE(failing.last_error.find("I2C NACK"), std::string::npos);

  probe->fail_read = false;
  ASSERT_TRUE(eventually([&] { return status_of(sampler, "bme280").state == SensorState::ok; }));
  sampler.stop();

  const auto failed_lines = lines_containing("read failed");
  ASSERT_EQ(failed_lines.size(), 1u);  // the rest held back by the rate limiter
  EXPECT_EQ(failed_lines[0].level, spdlog::level::warn);
  const auto& fields = failed_lines[0].fields;
  EXPECT_NE(std::find(fields.begin(), fields.end(),
                      std::make_pair(std::string("SENSOR"), std::string("bme280"))),
            fields.end());
  EXPECT_EQ(lines_containing("recovered").size(), 1u);
  const SensorStatus after = status_of(sampler, "bme280");
  EXPECT_GE(after.reads, after.errors);
  ASSERT_TRUE(after.last_success.has_value());
}

TEST_F(SensorRunnerTest, RepeatedFailuresAreLoggedAgainAfterThePeriodWithTheCount) {
  options_.error_log_period = 30ms;
  SensorSetup setup("bme280", 5ms);
  auto probe = std::make_shared<Probe>();
  probe->fail_read = true;
  Recorder recorder;
  Sampler sampler(recorder.sink(), options_);
  sampler.add(setup.config, std::make_unique<FakeSensor>(probe), setup.routes());
  sampler.start();
  ASSERT_TRUE(eventually([&] { return !lines_containing("still failing").empty(); }));
  sampler.stop();
  EXPECT_EQ(lines_containing("read failed").size(), 1u);
  const auto status = status_of(sampler, "bme280");
  // Fewer log lines than failures: the limiter held some back.
  EXPECT_LT(lines_containing("failing").size() + 1, status.errors);
}

TEST_F(SensorRunnerTest, SetupFailureIsFailedAndRetriedWithGrowingBackoff) {
  SensorSetup setup("bme280", 5ms);
  auto probe = std::make_shared<Probe>();
  probe->fail_setup = true;
  Recorder recorder;
  Sampler sampler(recorder.sink(), options_);
  sampler.add(setup.config, std::make_unique<FakeSensor>(probe), setup.routes());
  sampler.start();
  ASSERT_TRUE(eventually([&] { return probe->setups >= 5; }));
  const SensorStatus failed = status_of(sampler, "bme280");
  EXPECT_EQ(failed.state, SensorState::failed);
  EXPECT_EQ(failed.reads, 0u);
  EXPECT_EQ(probe->reads, 0);
  EXPECT_GE(failed.errors, 4u);
  EXPECT_NE(failed.last_error.find("no chip"), std::string::npos);
  {
    std::lock_guard lock(probe->mutex);
    const auto& t = probe->setup_times;
    // Lower bounds only: 10, 20, 40 (the cap), 40 ms.
    EXPECT_GE(t[1] - t[0], 10ms);
    EXPECT_GE(t[2] - t[1], 20ms);
    EXPECT_GE(t[3] - t[2], 40ms);
    EXPECT_GE(t[4] - t[3], 40ms);
  }
  probe->fail_setup = false;
  ASSERT_TRUE(eventually([&] { return recorder.count("bme280") >= 2; }));
  EXPECT_EQ(status_of(sampler, "bme280").state, SensorState::ok);
  EXPECT_EQ(lines_containing("set up after").size(), 1u);
}

TEST_F(SensorRunnerTest, NoSuccessfulReadForStaleAfterMarksTheSensorStale) {
  SensorSetup setup("bme280", 10ms);
  setup.config.stale_after = 80ms;
  auto probe = std::make_shared<Probe>();
  Recorder recorder;
  Sampler sampler(recorder.sink(), options_);
  sampler.add(setup.config, std::make_unique<FakeSensor>(probe), setup.routes());
  sampler.start();
  ASSERT_TRUE(eventually([&] { return recorder.count("bme280") >= 1; }));
  EXPECT_TRUE(eventually([&] { return !status_of(sampler, "bme280").stale; }));
  probe->fail_read = true;
  EXPECT_TRUE(eventually([&] { return status_of(sampler, "bme280").stale; }));
  EXPECT_TRUE(eventually([&] { return !lines_containing("stale").empty(); }));
  probe->fail_read = false;
  EXPECT_TRUE(eventually([&] { return !status_of(sampler, "bme280").stale; }));
}

TEST_F(SensorRunnerTest, StaleAfterDefaultsToThreeIntervalsAndCoversAHungSensor) {
  SensorSetup setup("bme280", 20ms);
  auto probe = std::make_shared<Probe>();
  probe->hang = true;
  Recorder recorder;
  {
    Sampler sampler(recorder.sink(), options_);
    sampler.add(setup.config, std::make_unique<FakeSensor>(probe), setup.routes());
    sampler.start();
    ASSERT_TRUE(eventually([&] { return probe->reads == 1; }));
    EXPECT_TRUE(eventually([&] { return status_of(sampler, "bme280").stale; }));
    probe->gate.open();
  }
}

TEST_F(SensorRunnerTest, EventFdReadinessCallsOnEventBetweenIntervalReads) {
  SensorSetup setup("door", std::chrono::hours(1));
  auto sensor = std::make_unique<EventSensor>();
  const int fd = sensor->raw_fd();
  Recorder recorder;
  Sampler sampler(recorder.sink(), options_);
  sampler.add(setup.config, std::move(sensor), setup.routes());
  sampler.start();
  ASSERT_TRUE(eventually([&] { return recorder.count("door") == 1; }));  // the first read
  const uint64_t one = 1;
  ASSERT_EQ(write(fd, &one, sizeof one), static_cast<ssize_t>(sizeof one));
  ASSERT_TRUE(eventually([&] { return recorder.count("door", "edge") == 1; }));
  ASSERT_EQ(write(fd, &one, sizeof one), static_cast<ssize_t>(sizeof one));
  ASSERT_TRUE(eventually([&] { return recorder.count("door", "edge") == 2; }));
  sampler.stop();
  std::vector<double> edges;
  for (const auto& reading : recorder.readings()) {
    if (reading.route->channel == "edge")
      edges.push_back(reading.value);
  }
  EXPECT_EQ(edges, (std::vector<double>{1.0, 2.0}));
  EXPECT_EQ(recorder.count("door"), 1u);  // no interval read for an hour
  EXPECT_EQ(status_of(sampler, "door").reads, 3u);
}

TEST_F(SensorRunnerTest, StopReturnsWhileASensorHangsAndNoReadingArrivesAfterwards) {
  SensorSetup hung("hung", 10ms);
  SensorSetup fine("fine", 10ms);
  auto probe = std::make_shared<Probe>();
  probe->hang = true;
  auto recorder = std::make_unique<Recorder>();
  auto sampler = std::make_unique<Sampler>(recorder->sink(), options_);
  sampler->add(hung.config, std::make_unique<FakeSensor>(probe), hung.routes());
  sampler->add(fine.config, std::make_unique<FakeSensor>(std::make_shared<Probe>()), fine.routes());
  sampler->start();
  ASSERT_TRUE(eventually([&] { return probe->reads == 1 && recorder->count("fine") > 0; }));

  const SteadyTime before = SteadyClock::now();
  sampler->stop();
  EXPECT_LT(SteadyClock::now() - before, 10s);  // bounded by stop_timeout (300 ms), not the hang
  EXPECT_EQ(sampler->statuses().size(), 2u);
  EXPECT_EQ(lines_containing("abandoning").size(), 1u);
  EXPECT_EQ(recorder->count("hung"), 0u);

  // The sink's owner may go away now: the abandoned thread must never call it. ASan would flag a
  // call into the destroyed recorder.
  sampler.reset();
  recorder.reset();
  probe->gate.open();
  EXPECT_TRUE(eventually([&] { return probe->destroyed.load(); }));
}

// Both configured channels in every read.
class TwoChannelSensor : public Sensor {
 public:
  Status read(std::vector<ChannelSample>& out) override {
    out.push_back({"value", 1.0, {}});
    out.push_back({"edge", 2.0, {}});
    return Status::ok();
  }
};

TEST_F(SensorRunnerTest, OnlyTheLastReadingOfAReadSaysNothingFollows) {
  SensorSetup setup("pair", 10ms);
  Recorder recorder;
  Sampler sampler(recorder.sink(), options_);
  sampler.add(setup.config, std::make_unique<TwoChannelSensor>(), setup.routes());
  sampler.start();
  ASSERT_TRUE(eventually([&] { return recorder.count("pair") >= 6; }));
  sampler.stop();
  const std::vector<Reading> readings = recorder.readings();
  for (size_t i = 0; i + 1 < readings.size(); i += 2) {
    EXPECT_EQ(readings[i].route->channel, "value");
    EXPECT_TRUE(readings[i].more_follow);
    EXPECT_EQ(readings[i + 1].route->channel, "edge");
    EXPECT_FALSE(readings[i + 1].more_follow);
  }
}

TEST_F(SensorRunnerTest, SampleTimeIsStampedWhenTheReadStarts) {
  SensorSetup setup("slow", 1000ms);
  auto probe = std::make_shared<Probe>();
  probe->sleep_ms = 100;
  Recorder recorder;
  Sampler sampler(recorder.sink(), options_);
  sampler.add(setup.config, std::make_unique<FakeSensor>(probe), setup.routes());
  const WallTime before = WallClock::now();
  sampler.start();
  ASSERT_TRUE(eventually([&] { return recorder.count("slow") >= 1; }));
  sampler.stop();
  const Reading reading = recorder.readings().front();
  std::lock_guard lock(probe->mutex);
  EXPECT_GE(reading.sampled_at, before);
  EXPECT_LE(reading.sampled_at, probe->read_entries.front());  // not after the 100 ms read
}

TEST_F(SensorRunnerTest, AnOverrunningReadCountsMissedDeadlinesAndLateness) {
  SensorSetup setup("slow", 20ms);
  auto probe = std::make_shared<Probe>();
  probe->sleep_ms = 100;
  Recorder recorder;
  Sampler sampler(recorder.sink(), options_);
  sampler.add(setup.config, std::make_unique<FakeSensor>(probe), setup.routes());
  sampler.start();
  ASSERT_TRUE(eventually([&] { return recorder.count("slow") >= 1; }));
  probe->sleep_ms = 0;
  ASSERT_TRUE(eventually([&] { return recorder.count("slow") >= 5; }));
  sampler.stop();
  const SensorStatus status = status_of(sampler, "slow");
  // A 100 ms read from deadline 0 lets the deadlines at 20, 40, 60 and 80 ms pass.
  EXPECT_GE(status.missed_deadlines, 4u);
  EXPECT_GE(status.lateness.samples, 5u);
  EXPECT_LE(status.lateness.p50, status.lateness.p99);
  EXPECT_LE(status.lateness.p99, status.lateness.max);
  EXPECT_EQ(lines_containing("overran").size(), 1u);
}

TEST_F(SensorRunnerTest, ADriverThatThrowsIsAReadErrorNotACrash) {
  SensorSetup setup("buggy", 5ms);
  auto probe = std::make_shared<Probe>();
  probe->throw_in_read = true;
  Recorder recorder;
  Sampler sampler(recorder.sink(), options_);
  sampler.add(setup.config, std::make_unique<FakeSensor>(probe), setup.routes());
  sampler.start();
  ASSERT_TRUE(eventually([&] { return status_of(sampler, "buggy").errors >= 2; }));
  const SensorStatus status = status_of(sampler, "buggy");
  EXPECT_EQ(status.state, SensorState::warning);
  EXPECT_NE(status.last_error.find("driver bug"), std::string::npos);
}

TEST_F(SensorRunnerTest, UnconfiguredChannelsAreNotPublished) {
  SensorSetup setup("bme280", 5ms);
  Recorder recorder;
  Sampler sampler(recorder.sink(), options_);
  sampler.add(setup.config, std::make_unique<FakeSensor>(std::make_shared<Probe>()),
              setup.routes());
  sampler.start();
  ASSERT_TRUE(eventually([&] { return recorder.count("bme280") >= 3; }));
  sampler.stop();
  for (const auto& reading : recorder.readings())
    EXPECT_EQ(reading.route->channel, "value");
  EXPECT_EQ(status_of(sampler, "bme280").errors, 0u);
}

}  // namespace
}  // namespace sa
