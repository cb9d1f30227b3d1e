#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace sa::test {

// A TCP proxy on a free loopback port that forwards to 127.0.0.1:target_port and breaks the link
// on demand, so tests can cut the agent off its broker in the ways a real network does.
//
// Modes apply to the connections open now and to those accepted later:
// - pass: forward both ways. Connections already blackholed stay dead (a link that went silent
//   does not come back: the peers must reconnect).
// - blackhole: forward nothing and send nothing, neither FIN nor RST: a half-open link. Bytes
//   keep being read and thrown away, as a network that drops packets would.
// - reset: RST to both sides.
// - close: FIN to both sides.
class FaultProxy {
 public:
  enum class Mode { pass, blackhole, reset, close };

  explicit FaultProxy(int target_port);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  // Binds a free loopback port and starts forwarding; false when no port could be bound.
  bool start();
  void stop();
  int port() const { return port_; }

  void set_mode(Mode mode);
  Mode mode() const { return mode_.load(); }
  // Connections accepted since start, and those open (forwarding or blackholed) right now.
  int accepted() const { return accepted_.load(); }
  int open_connections() const;

 private:
  struct Link {
    int client = -1;
    int server = -1;
    bool dead = false;  // blackholed: read and discard, forever
  };

  void run();
  void apply_mode_locked(Mode mode);
  void accept_one();
  // Moves bytes from `from` to `to` (or nowhere for a dead link); false when the link ended.
  bool pump(Link& link, int& from, int to);
  static void close_link(Link& link, bool reset);

  const int target_port_;
  int port_ = 0;
  int listen_fd_ = -1;
  int wake_fd_ = -1;  // eventfd: mode change or stop
  std::atomic<Mode> mode_{Mode::pass};
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  mutable std::mutex mutex_;
  std::vector<Link> links_;
  uint64_t generation_ = 0;  // bumped when set_mode() changes links_
  std::thread thread_;
};

}  // namespace sa::test
