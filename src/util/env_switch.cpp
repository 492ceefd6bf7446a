#include "heapsnap/util/env_switch.h"

#include <cstdlib>

namespace heapsnap {

bool switched_off(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' && *value != '0';
}

}  // namespace heapsnap
