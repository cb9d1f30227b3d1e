#include "mqtt/tls_inspect.h"

#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <memory>

namespace sa {
namespace {

struct SslCtxDeleter {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SslDeleter {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
struct X509Deleter {
  void operator()(X509* cert) const { X509_free(cert); }
};

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0)
      ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string openssl_error() {
  const unsigned long code = ERR_get_error();
  if (code == 0)
    return "";
  char buf[256];
  ERR_error_string_n(code, buf, sizeof buf);
  ERR_clear_error();
  return buf;
}

std::string name_text(X509_NAME* name) {
  if (name == nullptr)
    return "";
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  std::string text(data, static_cast<size_t>(len));
  BIO_free(bio);
  return text;
}

std::string verify_words(long result) {
  switch (result) {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      return "certificate not trusted";
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return "host name does not match the broker certificate";
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return "broker certificate expired";
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return "broker certificate not yet valid (is the clock set?)";
    default:
      return X509_verify_cert_error_string(result);
  }
}

int connect_socket(const std::string& host, int port, std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0)
    return -1;
  int fd = -1;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  for (const addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0)
      continue;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  return fd;
}

}  // namespace

std::string system_ca_file() {
  return "/etc/ssl/certs/ca-certificates.crt";
}

TlsPeerInfo inspect_tls(const BrokerConfig& broker, std::chrono::milliseconds timeout) {
  TlsPeerInfo info;
  std::unique_ptr<SSL_CTX, SslCtxDeleter> ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) {
    info.error = "cannot set up TLS: " + openssl_error();
    return info;
  }
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  const std::string ca_file = broker.ca_file.empty() ? system_ca_file() : broker.ca_file;
  const char* ca_path = broker.ca_file.empty() ? kSystemCaPath : nullptr;
  if (SSL_CTX_load_verify_locations(ctx.get(), ca_file.c_str(), ca_path) != 1) {
    info.error = "cannot load CA file " + ca_file + ": " + openssl_error();
    return info;
  }
  if (!broker.cert_file.empty()) {
    const std::string key = broker.key_file.empty() ? broker.cert_file : broker.key_file;
    if (SSL_CTX_use_certificate_chain_file(ctx.get(), broker.cert_file.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(ctx.get(), key.c_str(), SSL_FILETYPE_PEM) != 1) {
      info.error = "cannot load client certificate " + broker.cert_file + ": " + openssl_error();
      return info;
    }
  }
  Socket socket(connect_socket(broker.host, broker.port, timeout));
  if (socket.get() < 0) {
    info.error = "cannot connect to " + broker.host + ":" + std::to_string(broker.port);
    return info;
  }
  std::unique_ptr<SSL, SslDeleter> ssl(SSL_new(ctx.get()));
  SSL_set_fd(ssl.get(), socket.get());
  SSL_set_tlsext_host_name(ssl.get(), broker.host.c_str());
  SSL_set1_host(ssl.get(), broker.host.c_str());  // same host name check as Paho's verify
  if (SSL_connect(ssl.get()) != 1) {
    const long verify = SSL_get_verify_result(ssl.get());
    const std::string detail = openssl_error();
    info.error = "TLS handshake failed: " + (verify != X509_V_OK
                                                 ? verify_words(verify)
                                                 : (detail.empty() ? "connection closed" : detail));
    return info;
  }
  info.ok = true;
  info.version = SSL_get_version(ssl.get());
  std::unique_ptr<X509, X509Deleter> peer(SSL_get1_peer_certificate(ssl.get()));
  if (peer) {
    info.subject = name_text(X509_get_subject_name(peer.get()));
    info.issuer = name_text(X509_get_issuer_name(peer.get()));
  }
  SSL_shutdown(ssl.get());
  return info;
}

}  // namespace sa
