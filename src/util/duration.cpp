#include "heapsnap/util/duration.h"

#include <cmath>
#include <cstdint>
#include <exception>

#include "heapsnap/util/error.h"

namespace heapsnap {

std::chrono::milliseconds parse_duration(const std::string& text, const std::string& flag) {
  size_t used = 0;
  double value = -1;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const std::string unit = text.substr(used);
  double factor = 0;
  if (unit.empty() || unit == "s") factor = 1000;
  else if (unit == "ms") factor = 1;
  else if (unit == "m" || unit == "min") factor = 60000;
  else if (unit == "h") factor = 3600000;
  if (used == 0 || factor == 0 || !(value >= 0) || !std::isfinite(value) || value * factor > 1e12)
    throw Error(flag + " '" + text + "': expected a duration such as 10s, 500ms, 2m or 1h");
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(value * factor)));
}

}  // namespace heapsnap
