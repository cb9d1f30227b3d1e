#include "deploy_checks.h"

#include <sys/stat.h>

#include "support/agent_process.h"
#include "support/tool_paths.h"

namespace sa::test {

bool says_not_authorised(const std::string& text) {
  for (const char* words : {"not authori", "bad user name or password"}) {
    if (contains_nocase(text, words)) {
      return true;
    }
  }
  return false;
}

bool says_certificate_problem(const std::string& text) {
  for (const char* words : {"certificate", "tls", "ssl", "handshake"}) {
    if (contains_nocase(text, words)) {
      return true;
    }
  }
  return false;
}

CommandResult publish_as(const Credentials& who, int port, const std::string& topic,
                         const std::string& message, const std::filesystem::path& scratch,
                         const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {kMosquittoPubPath,
                                   "-h",
                                   "127.0.0.1",
                                   "-p",
                                   std::to_string(port),
                                   "-V",
                                   "mqttv5",
                                   "-q",
                                   "1",
                                   "-t",
                                   topic,
                                   "-m",
                                   message};
  if (!who.username.empty()) {
    argv.insert(argv.end(), {"-u", who.username, "-P", who.password});
  }
  argv.insert(argv.end(), extra.begin(), extra.end());
  return run_command(argv, scratch, std::chrono::seconds(30));
}

std::vector<ReceivedMessage> under(const std::vector<ReceivedMessage>& messages,
                                   const std::string& prefix) {
  std::vector<ReceivedMessage> found;
  for (const ReceivedMessage& message : messages) {
    if (message.topic.compare(0, prefix.size(), prefix) == 0) {
      found.push_back(message);
    }
  }
  return found;
}

unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    return 0;
  }
  return info.st_mode & 07777;
}

}  // namespace sa::test
