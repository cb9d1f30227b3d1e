#pragma once

#include <chrono>
#include <string>

namespace sa {

// Why a TCP connection to host:port cannot be made, in words ("host not found", "connection
// refused (nothing listening at host:port)", ...); empty when it can. Paho reports all of these
// as one generic failure, so after a failed connect the transport asks the network itself.
std::string diagnose_tcp(const std::string& host, int port, std::chrono::milliseconds timeout);

}  // namespace sa
