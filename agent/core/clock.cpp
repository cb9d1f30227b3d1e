#include "core/clock.h"

#include <sys/timex.h>

namespace sa {

bool wall_clock_synchronized() {
  timex state{};
  return adjtimex(&state) != TIME_ERROR;
}

}  // namespace sa
