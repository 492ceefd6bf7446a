// An allocator for big arrays (graph columns, analysis arrays). Allocations of 2 MiB and more
// are mapped directly and marked MADV_HUGEPAGE, so the kernel backs them with 2 MiB pages where
// it can: loading a 1.7 GB snapshot touches ~1.2 GB of arrays, which is ~300,000 page faults with
// 4 KiB pages and a few hundred with huge pages. Smaller allocations use operator new. Pages that
// are reserved but never written stay unbacked either way (reserve() costs address space only).
//
// Elements are default-initialized: resize(n) and BigVector<T>(n) leave trivially constructible
// elements unwritten (like `new T[n]`), so a column that is about to be filled is not first
// zeroed by the kernel *and* by us. Write resize(n, T{}) or assign(n, value) when zeros matter.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace heapsnap {

// Fresh anonymous mappings advised MADV_HUGEPAGE (contents zero), and their release.
void* big_pages_allocate(size_t bytes);  // throws std::bad_alloc
void big_pages_free(void* p, size_t bytes) noexcept;

template <typename T>
class HugePageAllocator {
 public:
  using value_type = T;
  static constexpr size_t kThreshold = size_t{2} << 20;

  HugePageAllocator() noexcept = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(size_t n) {
    if (n > static_cast<size_t>(-1) / sizeof(T)) throw std::bad_alloc();
    const size_t bytes = n * sizeof(T);
    if (bytes < kThreshold) return static_cast<T*>(::operator new(bytes));
    return static_cast<T*>(big_pages_allocate(bytes));
  }
  void deallocate(T* p, size_t n) noexcept {
    const size_t bytes = n * sizeof(T);
    if (bytes < kThreshold) {
      ::operator delete(p);
    } else {
      big_pages_free(p, bytes);
    }
  }
  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
};

// A std::vector whose large buffers live on huge pages.
template <typename T>
using BigVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace heapsnap
