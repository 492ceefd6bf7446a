#include <sys/mman.h>

#include <new>

#include "heapsnap/util/env_switch.h"
#include "heapsnap/util/huge_page_allocator.h"
#include "heapsnap/util/page_prefaulter.h"

namespace heapsnap {

void* big_pages_allocate(size_t bytes) {
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  // HEAPSNAP_NO_HUGEPAGES=1 leaves big arrays on 4 KiB pages (see bench/README.md: on virtual
  // machines that return free memory to the host, fresh huge pages can cost more than they save).
  static const bool huge_pages_wanted = !switched_off("HEAPSNAP_NO_HUGEPAGES");
  if (huge_pages_wanted) ::madvise(p, bytes, MADV_HUGEPAGE);  // advice only
#endif
  return p;
}

void big_pages_free(void* p, size_t bytes) noexcept {
  cancel_prefault(p, bytes);
  ::munmap(p, bytes);
}

}  // namespace heapsnap
