#include "heapsnap/util/name_timestamp.h"

#include <ctime>

namespace heapsnap {

std::string timestamp_for_names() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &local);
  return text;
}

}  // namespace heapsnap
