#pragma once

#include <pthread.h>

namespace sa {

// Names the calling thread (at most 15 characters) for top -H, ps -L and
// /proc/PID/task/*/comm, so that what each of the agent's threads costs can be told apart.
inline void name_this_thread(const char* name) {
  pthread_setname_np(pthread_self(), name);
}

}  // namespace sa
