#include <sys/mman.h>

#include "heapsnap/util/huge_page_allocator.h"

namespace heapsnap {

void* big_pages_allocate(size_t bytes) {
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  ::madvise(p, bytes, MADV_HUGEPAGE);  // advice only: if refused, pages stay 4 KiB
#endif
  return p;
}

void big_pages_free(void* p, size_t bytes) noexcept { ::munmap(p, bytes); }

}  // namespace heapsnap
