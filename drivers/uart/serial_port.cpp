#include "drivers/uart/serial_port.h"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "drivers/problem.h"

namespace sa {

namespace {

speed_t baud_constant(uint32_t baud) {
  switch (baud) {
    case 1200:
      return B1200;
    case 2400:
      return B2400;
    case 4800:
      return B4800;
    case 9600:
      return B9600;
    case 19200:
      return B19200;
    case 38400:
      return B38400;
    case 57600:
      return B57600;
    case 115200:
      return B115200;
    case 230400:
      return B230400;
    default:
      return B0;
  }
}

}  // namespace

SerialPort::~SerialPort() {
  close();
}

SerialPort::SerialPort(SerialPort&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

SerialPort& SerialPort::operator=(SerialPort&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

void SerialPort::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

Status SerialPort::open(const std::string& path, const SerialSettings& settings) {
  close();
  path_ = path;
  const speed_t speed = baud_constant(settings.baud);
  if (speed == B0) {
    return Status::error("unsupported baud rate " + std::to_string(settings.baud) + " for " + path);
  }
  const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    return Status::error(serial_open_reason(errno, path));
  }
  termios tio{};
  if (::tcgetattr(fd, &tio) != 0) {
    const int error = errno;
    ::close(fd);
    return Status::error(serial_open_reason(error == EINVAL ? ENOTTY : error, path));
  }
  // Raw: bytes as they come, no echo, no signals, no CR/LF translation, no flow control.
  ::cfmakeraw(&tio);
  tio.c_cflag &= static_cast<tcflag_t>(~(CSIZE | PARENB | PARODD | CSTOPB | CRTSCTS));
  tio.c_cflag |= CLOCAL | CREAD;
  tio.c_cflag |= settings.data_bits == 7 ? CS7 : CS8;
  if (settings.parity == 'E' || settings.parity == 'O') {
    tio.c_cflag |= PARENB;
    if (settings.parity == 'O') {
      tio.c_cflag |= PARODD;
    }
  }
  if (settings.stop_bits == 2) {
    tio.c_cflag |= CSTOPB;
  }
  // read() returns what is there; waiting is poll()'s job.
  tio.c_cc[VMIN] = 0;
  tio.c_cc[VTIME] = 0;
  ::cfsetispeed(&tio, speed);
  ::cfsetospeed(&tio, speed);
  if (::tcsetattr(fd, TCSANOW, &tio) != 0) {
    const int error = errno;
    ::close(fd);
    return Status::error("cannot configure " + path + ": " + std::strerror(error));
  }
  ::tcflush(fd, TCIOFLUSH);
  fd_ = fd;
  return Status::ok();
}

Status SerialPort::write_all(const uint8_t* data, size_t len) {
  size_t done = 0;
  while (done < len) {
    const ssize_t n = ::write(fd_, data + done, len - done);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return Status::error("writing to " + path_ + ": " + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  ::tcdrain(fd_);
  return Status::ok();
}

Status SerialPort::read_exact(uint8_t* data, size_t len,
                              std::chrono::steady_clock::time_point deadline) {
  size_t done = 0;
  while (done < len) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) {
      return Status::error("timeout: " + std::to_string(done) + " of " + std::to_string(len) +
                           " bytes from " + path_ +
                           " (check wiring: sensor TX to the Pi's RX, and the baud rate)");
    }
    // Rounded up, so the wait never ends before the deadline.
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, static_cast<int>(left.count()));
    if (ready < 0) {
      if (errno == EINTR) {
        continue;
      }
      return Status::error("waiting for " + path_ + ": " + std::strerror(errno));
    }
    if (ready == 0) {
      continue;  // the deadline check above reports it
    }
    const ssize_t n = ::read(fd_, data + done, len - done);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) {
        continue;
      }
      return Status::error("reading " + path_ + ": " + std::strerror(errno));
    }
    if (n == 0 && (pfd.revents & POLLHUP) != 0) {
      return Status::error(path_ + " hung up");
    }
    done += static_cast<size_t>(n);
  }
  return Status::ok();
}

void SerialPort::discard_input() {
  ::tcflush(fd_, TCIFLUSH);
}

Status SerialPort::read_frame(const std::vector<uint8_t>& header, size_t len,
                              std::chrono::steady_clock::time_point deadline,
                              std::vector<uint8_t>& frame) {
  frame.assign(len, 0);
  size_t matched = 0;
  while (matched < header.size()) {
    uint8_t byte = 0;
    if (Status status = read_exact(&byte, 1, deadline); !status) {
      return status;
    }
    if (byte == header[matched]) {
      ++matched;
    } else {
      matched = byte == header[0] ? 1 : 0;
    }
  }
  std::copy(header.begin(), header.end(), frame.begin());
  return read_exact(frame.data() + header.size(), len - header.size(), deadline);
}

std::vector<OptionSpec> serial_option_specs(const std::string& default_timeout) {
  return {
      {"port",
       OptionType::string,
       kDefaultSerialPort,
       "serial port: /dev/serial0 (the GPIO header's UART), /dev/ttyAMA0, /dev/ttyUSB0",
       false,
       {}},
      {"timeout",
       OptionType::duration,
       default_timeout,
       "how long a read waits for the sensor's answer",
       false,
       {}},
  };
}

std::string serial_open_reason(int error, const std::string& path) {
  switch (error) {
    case ENOENT:
    case ENODEV:
      return "no such serial port: " + path +
             ": enable the UART with raspi-config (Interface Options, Serial Port: no login "
             "shell, hardware enabled) or enable_uart=1 in /boot/firmware/config.txt";
    case EACCES:
    case EPERM:
      return "permission denied opening " + path + ": add the service user to the dialout group";
    case EBUSY:
      return path + " is in use (a serial console on it? disable it in raspi-config)";
    case ENOTTY:
      return path + " is not a serial port";
    default:
      return "cannot open " + path + ": " + std::strerror(error);
  }
}

std::string serial_port_option(const SensorConfig& config, std::vector<DriverProblem>& problems) {
  const std::string port = config.options.string("port", kDefaultSerialPort);
  if (port.empty()) {
    problems.push_back(
        sensor_problem(config, "port", "must name a serial port such as /dev/serial0"));
  }
  return port;
}

}  // namespace sa
