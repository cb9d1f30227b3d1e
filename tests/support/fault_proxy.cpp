#include "support/fault_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace sa::test {
namespace {

sockaddr_in loopback_address(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

bool send_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

FaultProxy::FaultProxy(int target_port) : target_port_(target_port) {}

FaultProxy::~FaultProxy() {
  stop();
}

bool FaultProxy::start() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int on = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  sockaddr_in address = loopback_address(0);
  socklen_t length = sizeof address;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listen_fd_, 16) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
    return false;
  }
  port_ = ntohs(address.sin_port);
  wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  thread_ = std::thread([this] { run(); });
  return true;
}

void FaultProxy::stop() {
  if (!thread_.joinable()) {
    return;
  }
  stopping_ = true;
  const uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
  thread_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  for (Link& link : links_) {
    close_link(link, false);
  }
  links_.clear();
  ::close(listen_fd_);
  ::close(wake_fd_);
  listen_fd_ = wake_fd_ = -1;
}

void FaultProxy::set_mode(Mode mode) {
  // Applied here, under the lock the proxy thread holds while it touches the links; the thread
  // is woken so that it never polls a descriptor closed meanwhile for long (it re-reads links_
  // on every pass).
  std::lock_guard<std::mutex> lock(mutex_);
  mode_ = mode;
  apply_mode_locked(mode);
  ++generation_;
  const uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
}

int FaultProxy::open_connections() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(links_.size());
}

void FaultProxy::apply_mode_locked(Mode mode) {
  switch (mode) {
    case Mode::pass:
      return;
    case Mode::blackhole:
      for (Link& link : links_) {
        link.dead = true;
      }
      return;
    case Mode::reset:
    case Mode::close:
      for (Link& link : links_) {
        close_link(link, mode == Mode::reset);
      }
      links_.clear();
      return;
  }
}

void FaultProxy::close_link(Link& link, bool reset) {
  for (int fd : {link.client, link.server}) {
    if (fd < 0) {
      continue;
    }
    if (reset) {
      // Linger 0: close() sends RST instead of FIN.
      const linger hard{1, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    } else {
      ::shutdown(fd, SHUT_RDWR);
    }
    ::close(fd);
  }
  link.client = link.server = -1;
}

void FaultProxy::accept_one() {
  const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
  if (client < 0) {
    return;
  }
  ++accepted_;
  Link link;
  link.client = client;
  const Mode mode = mode_.load();
  if (mode == Mode::reset || mode == Mode::close) {
    close_link(link, mode == Mode::reset);
    return;
  }
  link.server = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in target = loopback_address(target_port_);
  if (::connect(link.server, reinterpret_cast<sockaddr*>(&target), sizeof target) != 0) {
    // Broker down: the client sees the connection refused, as it would without the proxy.
    close_link(link, true);
    return;
  }
  const int on = 1;
  ::setsockopt(link.client, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  ::setsockopt(link.server, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  link.dead = mode == Mode::blackhole;
  links_.push_back(link);
}

bool FaultProxy::pump(Link& link, int& from, int to) {
  char buffer[64 * 1024];
  const ssize_t n = ::recv(from, buffer, sizeof buffer, MSG_DONTWAIT);
  if (n < 0) {
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  }
  if (n == 0) {
    if (!link.dead) {
      return false;  // closed by one peer: close the other one too
    }
    // A dead link tells the other peer nothing: only this side goes.
    ::close(from);
    from = -1;
    return link.client >= 0 || link.server >= 0;
  }
  if (link.dead) {
    return true;
  }
  return send_all(to, buffer, static_cast<size_t>(n));
}

void FaultProxy::run() {
  std::vector<pollfd> fds;
  uint64_t generation = 0;
  while (!stopping_) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      generation = generation_;
      fds.clear();
      fds.push_back({wake_fd_, POLLIN, 0});
      fds.push_back({listen_fd_, POLLIN, 0});
      for (const Link& link : links_) {
        fds.push_back({link.client, POLLIN, 0});
        fds.push_back({link.server, POLLIN, 0});
      }
    }
    if (::poll(fds.data(), fds.size(), 200) < 0 && errno != EINTR) {
      return;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (fds[0].revents != 0) {
      uint64_t count = 0;
      (void)!::read(wake_fd_, &count, sizeof count);
    }
    if (generation != generation_) {
      continue;  // links_ changed under the polled descriptors: poll again
    }
    for (size_t i = 0; i < links_.size(); ++i) {
      Link& link = links_[i];
      const pollfd& client = fds[2 + 2 * i];
      const pollfd& server = fds[3 + 2 * i];
      bool alive = true;
      if (client.revents != 0 && link.client >= 0) {
        alive = pump(link, link.client, link.server);
      }
      if (alive && server.revents != 0 && link.server >= 0) {
        alive = pump(link, link.server, link.client);
      }
      if (!alive) {
        close_link(link, false);
      }
    }
    for (auto it = links_.begin(); it != links_.end();) {
      it = it->client < 0 && it->server < 0 ? links_.erase(it) : it + 1;
    }
    if (fds[1].revents != 0) {
      accept_one();
    }
  }
}

}  // namespace sa::test
