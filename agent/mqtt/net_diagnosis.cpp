#include "mqtt/net_diagnosis.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sa {
namespace {

// errno of a non-blocking connect to one address, 0 when it connected.
int try_connect(const addrinfo& ai, std::chrono::milliseconds timeout) {
  const int fd =
      ::socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol);
  if (fd < 0)
    return errno;
  int err = 0;
  if (::connect(fd, ai.ai_addr, ai.ai_addrlen) != 0) {
    err = errno;
    if (err == EINPROGRESS) {
      pollfd pfd{fd, POLLOUT, 0};
      const int ready = ::poll(&pfd, 1, static_cast<int>(timeout.count()));
      if (ready <= 0) {
        err = ETIMEDOUT;
      } else {
        socklen_t len = sizeof err;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      }
    }
  }
  ::close(fd);
  return err;
}

}  // namespace

std::string diagnose_tcp(const std::string& host, int port, std::chrono::milliseconds timeout) {
  const std::string where = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0) {
    if (rc == EAI_NONAME || rc == EAI_NODATA)
      return "host not found: " + host;
    return "cannot resolve " + host + ": " + ::gai_strerror(rc);
  }
  int err = 0;
  for (const addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    err = try_connect(*ai, timeout);
    if (err == 0)
      break;
  }
  ::freeaddrinfo(found);
  switch (err) {
    case 0:
      return "";
    case ECONNREFUSED:
      return "connection refused (nothing listening at " + where + ")";
    case ETIMEDOUT:
      return "timed out connecting to " + where + " (firewall or host down?)";
    case EHOSTUNREACH:
      return "no route to host " + host;
    case ENETUNREACH:
      return "network unreachable for " + host;
    default:
      return "cannot connect to " + where + ": " + std::strerror(err);
  }
}

}  // namespace sa
