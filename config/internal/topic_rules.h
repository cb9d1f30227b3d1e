#pragma once

#include <string>
#include <string_view>

namespace sa::config_detail {

// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past
// U+10FFFF).
bool valid_utf8(std::string_view text);

// Rules for a name that becomes one topic level (a sensor, a channel): the topic name rules plus
// no '/'. Empty string when valid, else the reason.
std::string topic_level_problem(std::string_view name);

// Legal but surprising topic names: a leading '/' (an empty first level) or '$' (reserved for
// broker topics such as $SYS). Empty string when none.
std::string topic_name_warning(std::string_view topic);

}  // namespace sa::config_detail
