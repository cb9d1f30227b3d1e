#include "homeassistant/announced_state.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>

namespace sa {

std::vector<std::string> AnnouncedState::load() const {
  std::vector<std::string> topics;
  std::ifstream in(path_);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty())
      topics.push_back(line);
  }
  return topics;
}

Status AnnouncedState::save(const std::vector<std::string>& topics) const {
  const std::filesystem::path temp = path_.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    for (const std::string& topic : topics)
      out << topic << '\n';
    out.flush();
    if (!out)
      return Status::error("cannot write " + temp.string());
  }
  std::error_code ec;
  std::filesystem::rename(temp, path_, ec);
  if (ec)
    return Status::error("cannot replace " + path_.string() + ": " + ec.message());
  return Status::ok();
}

std::vector<std::string> topics_to_clear(const std::vector<std::string>& previous,
                                         const std::vector<std::string>& current) {
  const std::set<std::string> keep(current.begin(), current.end());
  std::vector<std::string> out;
  std::copy_if(previous.begin(), previous.end(), std::back_inserter(out),
               [&](const std::string& topic) { return keep.count(topic) == 0; });
  return out;
}

}  // namespace sa
