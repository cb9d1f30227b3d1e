// gpio_input and gpio_counter against a fake line that emits timestamped edges through a real
// pollable fd, the way the kernel's line event requests do.
#include <gtest/gtest.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <deque>

#include "drivers/gpio/gpio_line.h"
#include "drivers/gpio/gpio_options.h"
#include "drivers/output.h"
#include "drivers/registry.h"

namespace sa {
namespace {

struct FakeLineState {
  std::deque<GpioEdgeEvent> pending;
  int level = 0;
  GpioLineRequest request;
};

class FakeLine final : public GpioInputLine {
 public:
  explicit FakeLine(std::shared_ptr<FakeLineState> state)
      : state_(std::move(state)), fd_(eventfd(0, EFD_NONBLOCK)) {}
  ~FakeLine() override { close(fd_); }
  FakeLine(const FakeLine&) = delete;
  FakeLine& operator=(const FakeLine&) = delete;

  int fd() const override { return fd_; }
  Status read_events(std::vector<GpioEdgeEvent>& out) override {
    out.insert(out.end(), state_->pending.begin(), state_->pending.end());
    state_->pending.clear();
    return Status::ok();
  }
  Status read_value(int& value) override {
    value = state_->level;
    return Status::ok();
  }

 private:
  std::shared_ptr<FakeLineState> state_;
  int fd_;
};

// An output line: every physical level it was driven to, the request's first included.
struct FakeOutputState {
  std::vector<int> levels;
  bool released = false;
};

class FakeOutputLine final : public GpioOutputLine {
 public:
  explicit FakeOutputLine(std::shared_ptr<FakeOutputState> state) : state_(std::move(state)) {}
  ~FakeOutputLine() override { state_->released = true; }
  FakeOutputLine(const FakeOutputLine&) = delete;
  FakeOutputLine& operator=(const FakeOutputLine&) = delete;

  Status set_value(int level) override {
    state_->levels.push_back(level);
    return Status::ok();
  }
  Status read_value(int& level) override {
    level = state_->levels.back();
    return Status::ok();
  }

 private:
  std::shared_ptr<FakeOutputState> state_;
};

class FakeProvider final : public GpioProvider {
 public:
  std::shared_ptr<FakeLineState> state = std::make_shared<FakeLineState>();
  std::shared_ptr<FakeOutputState> output = std::make_shared<FakeOutputState>();
  bool refuse = false;

  std::unique_ptr<GpioOutputLine> request_output(const GpioLineRequest& request, int initial_level,
                                                 Status& status) override {
    if (refuse) {
      status = Status::error("GPIO line " + request.line + ": line is in use");
      return nullptr;
    }
    state->request = request;
    output->levels.push_back(initial_level);
    status = Status::ok();
    return std::make_unique<FakeOutputLine>(output);
  }

  std::unique_ptr<GpioInputLine> request_input(const GpioLineRequest& request,
                                               Status& status) override {
    if (refuse) {
      status = Status::error("GPIO line " + request.line + ": line is in use");
      return nullptr;
    }
    state->request = request;
    status = Status::ok();
    return std::make_unique<FakeLine>(state);
  }
};

SensorConfig gpio_config(const std::string& driver) {
  SensorConfig config;
  config.name = "door";
  config.driver = driver;
  config.options.set("line", {std::string("GPIO17"), {}});
  config.options.set("bias", {std::string("pull_up"), {}});
  return config;
}

std::unique_ptr<Sensor> make(const std::string& driver, SensorConfig config,
                             FakeProvider& provider) {
  DriverContext context;
  context.gpio = &provider;
  std::vector<DriverProblem> problems;
  auto sensor = find_driver(driver)->create(config, context, problems);
  EXPECT_TRUE(problems.empty());
  return sensor;
}

TEST(GpioInput, PublishesEachDebouncedChangeWithTheKernelTimestamp) {
  FakeProvider provider;
  auto config = gpio_config("gpio_input");
  config.options.set("debounce", {std::chrono::milliseconds(10), {}});
  auto sensor = make("gpio_input", config, provider);
  ASSERT_TRUE(sensor->setup());
  EXPECT_EQ(provider.state->request.line, "GPIO17");
  EXPECT_EQ(provider.state->request.bias, GpioBias::pull_up);
  EXPECT_GE(sensor->event_fd(), 0);

  const int64_t edge_ns = monotonic_now_ns() - 2'000'000'000;  // two seconds ago
  provider.state->pending = {{GpioEdge::rising, edge_ns},
                             {GpioEdge::falling, edge_ns + 1'000'000},
                             {GpioEdge::rising, edge_ns + 2'000'000}};
  std::vector<ChannelSample> samples;
  ASSERT_TRUE(sensor->on_event(samples));
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_EQ(samples[0].channel, "state");
  EXPECT_EQ(samples[0].value, 1.0);
  ASSERT_TRUE(samples[0].at.has_value());
  const auto age = WallClock::now() - *samples[0].at;
  EXPECT_GT(age, std::chrono::milliseconds(1900));
  EXPECT_LT(age, std::chrono::seconds(60));
}

TEST(GpioInput, IntervalReadReportsTheLineLevel) {
  FakeProvider provider;
  auto config = gpio_config("gpio_input");
  config.options.set("active_low", {true, {}});
  auto sensor = make("gpio_input", config, provider);
  provider.state->level = 0;
  ASSERT_TRUE(sensor->setup());
  std::vector<ChannelSample> samples;
  ASSERT_TRUE(sensor->read(samples));
  ASSERT_EQ(samples.size(), 1u);
  EXPECT_EQ(samples[0].value, 1.0);  // low and active-low: on
}

TEST(GpioInput, ABusyLineFailsSetupWithTheReason) {
  FakeProvider provider;
  provider.refuse = true;
  auto sensor = make("gpio_input", gpio_config("gpio_input"), provider);
  const Status status = sensor->setup();
  ASSERT_FALSE(status);
  EXPECT_NE(status.reason().find("in use"), std::string::npos);
}

TEST(GpioInput, NoGpioOnTheSystemIsASetupFailureNotACrash) {
  std::vector<DriverProblem> problems;
  auto sensor = find_driver("gpio_input")->create(gpio_config("gpio_input"), {}, problems);
  EXPECT_FALSE(sensor->setup());
  EXPECT_EQ(sensor->event_fd(), -1);
}

TEST(GpioCounter, CountsKernelEdgesAndReportsTotalAndRate) {
  FakeProvider provider;
  auto sensor = make("gpio_counter", gpio_config("gpio_counter"), provider);
  ASSERT_TRUE(sensor->setup());
  EXPECT_EQ(provider.state->request.edges, GpioEdgeDetection::falling);
  const int64_t start = monotonic_now_ns();
  const int pulses = 12;
  for (int i = 0; i < pulses; ++i) {
    provider.state->pending.push_back({GpioEdge::falling, start + i * 1'000'000});
  }
  std::vector<ChannelSample> samples;
  ASSERT_TRUE(sensor->on_event(samples));
  EXPECT_TRUE(samples.empty());
  ASSERT_TRUE(sensor->read(samples));
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(samples[0].channel, "count");
  EXPECT_EQ(samples[0].value, pulses);
  EXPECT_EQ(samples[1].channel, "rate");
  EXPECT_GT(samples[1].value, 0.0);
}

SensorConfig relay_config() {
  SensorConfig config;
  config.name = "relay";
  config.driver = "gpio_output";
  config.options.set("line", {std::string("GPIO17"), {}});
  return config;
}

double state_of(Sensor& sensor) {
  std::vector<ChannelSample> samples;
  EXPECT_TRUE(sensor.read(samples));
  EXPECT_EQ(samples.size(), 1u);
  EXPECT_EQ(samples.at(0).channel, "state");
  return samples.at(0).value;
}

TEST(GpioOutput, DrivesTheInitialStateAsTheLineIsRequested) {
  FakeProvider provider;
  auto config = relay_config();
  config.options.set("initial", {1.0, {}});
  auto sensor = make("gpio_output", config, provider);
  ASSERT_TRUE(sensor->setup());
  EXPECT_EQ(provider.state->request.line, "GPIO17");
  EXPECT_EQ(provider.output->levels, std::vector<int>{1});
  EXPECT_EQ(state_of(*sensor), 1.0);
  EXPECT_EQ(dynamic_cast<Output&>(*sensor).written(), 1.0);
}

TEST(GpioOutput, WithoutInitialTheLineStartsOff) {
  FakeProvider provider;
  auto sensor = make("gpio_output", relay_config(), provider);
  ASSERT_TRUE(sensor->setup());
  EXPECT_EQ(provider.output->levels, std::vector<int>{0});
  EXPECT_EQ(state_of(*sensor), 0.0);
}

TEST(GpioOutput, SetDrivesTheLineHighAndLowWithinBinaryBounds) {
  FakeProvider provider;
  auto sensor = make("gpio_output", relay_config(), provider);
  ASSERT_TRUE(sensor->setup());
  auto& output = dynamic_cast<Output&>(*sensor);
  EXPECT_EQ(output.min(), 0.0);
  EXPECT_EQ(output.max(), 1.0);
  ASSERT_TRUE(output.set(1.0));
  EXPECT_EQ(state_of(*sensor), 1.0);
  ASSERT_TRUE(output.set(0.0));
  EXPECT_EQ(state_of(*sensor), 0.0);
  EXPECT_EQ(provider.output->levels, (std::vector<int>{0, 1, 0}));
}

TEST(GpioOutput, ActiveLowInvertsWhatIsDrivenAndWhatIsReported) {
  FakeProvider provider;
  auto config = relay_config();
  config.options.set("active_low", {true, {}});
  auto sensor = make("gpio_output", config, provider);
  ASSERT_TRUE(sensor->setup());
  EXPECT_EQ(provider.output->levels, std::vector<int>{1});  // off is high
  EXPECT_EQ(state_of(*sensor), 0.0);
  ASSERT_TRUE(dynamic_cast<Output&>(*sensor).set(1.0));
  EXPECT_EQ(provider.output->levels.back(), 0);
  EXPECT_EQ(state_of(*sensor), 1.0);
}

TEST(GpioOutput, DrivesTheSafeStateBeforeReleasingTheLineOnStop) {
  FakeProvider provider;
  auto config = relay_config();
  config.options.set("active_low", {true, {}});
  config.options.set("safe_state", {0.0, {}});
  auto sensor = make("gpio_output", config, provider);
  ASSERT_TRUE(sensor->setup());
  ASSERT_TRUE(dynamic_cast<Output&>(*sensor).set(1.0));
  sensor.reset();
  EXPECT_TRUE(provider.output->released);
  EXPECT_EQ(provider.output->levels.back(), 1);  // off, active-low
}

TEST(GpioOutput, WithoutSafeStateStopLeavesTheLineAsItWas) {
  FakeProvider provider;
  auto sensor = make("gpio_output", relay_config(), provider);
  ASSERT_TRUE(sensor->setup());
  ASSERT_TRUE(dynamic_cast<Output&>(*sensor).set(1.0));
  const size_t driven = provider.output->levels.size();
  sensor.reset();
  EXPECT_EQ(provider.output->levels.size(), driven);
}

// What the agent does for {"value": 1, "pulse": "500ms"}: note written(), set, later set it back.
TEST(GpioOutput, APulseGoesBackToTheStateWrittenBefore) {
  FakeProvider provider;
  auto config = relay_config();
  config.options.set("initial", {0.0, {}});
  auto sensor = make("gpio_output", config, provider);
  ASSERT_TRUE(sensor->setup());
  auto& output = dynamic_cast<Output&>(*sensor);
  const std::optional<double> back = output.written();
  ASSERT_TRUE(back.has_value());
  ASSERT_TRUE(output.set(1.0));
  EXPECT_EQ(state_of(*sensor), 1.0);
  ASSERT_TRUE(output.set(*back));
  EXPECT_EQ(state_of(*sensor), 0.0);
  EXPECT_EQ(provider.output->levels, (std::vector<int>{0, 1, 0}));
}

TEST(GpioOutput, ABusyLineFailsSetupWithTheReason) {
  FakeProvider provider;
  provider.refuse = true;
  auto sensor = make("gpio_output", relay_config(), provider);
  const Status status = sensor->setup();
  ASSERT_FALSE(status);
  EXPECT_NE(status.reason().find("in use"), std::string::npos);
  EXPECT_FALSE(dynamic_cast<Output&>(*sensor).set(1.0));
}

TEST(GpioOutput, InitialAndSafeStateMustBeZeroOrOne) {
  for (const char* key : {"initial", "safe_state"}) {
    auto config = relay_config();
    config.options.set(key, {0.5, {}});
    std::vector<DriverProblem> problems;
    EXPECT_EQ(find_driver("gpio_output")->create(config, {}, problems), nullptr);
    ASSERT_EQ(problems.size(), 1u) << key;
    EXPECT_NE(problems[0].message.find(key), std::string::npos);
  }
}

TEST(GpioOutput, OnDisconnectNeedsASafeStateToApply) {
  auto config = relay_config();
  config.options.set("on_disconnect", {std::chrono::milliseconds(30'000), {}});
  std::vector<DriverProblem> problems;
  EXPECT_EQ(find_driver("gpio_output")->create(config, {}, problems), nullptr);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].key_path, "sensor.relay.on_disconnect");
  config.options.set("safe_state", {0.0, {}});
  problems.clear();
  EXPECT_NE(find_driver("gpio_output")->create(config, {}, problems), nullptr);
  EXPECT_TRUE(problems.empty());
}

TEST(GpioOutput, NoGpioOnTheSystemIsASetupFailureNotACrash) {
  std::vector<DriverProblem> problems;
  auto sensor = find_driver("gpio_output")->create(relay_config(), {}, problems);
  EXPECT_FALSE(sensor->setup());
}

}  // namespace
}  // namespace sa
