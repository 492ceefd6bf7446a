// Faults in big arrays on a core that would otherwise sit idle.
//
// The first write to each fresh page of a big array is a page fault in which the kernel zeroes
// the page. On the virtual machines heapsnap is measured on, that costs ~2 s of system time per
// GB when the guest had handed the memory back to the host (bench/README.md, "fresh memory"), and
// a 1.7 GB snapshot needs ~2.3 GB of arrays for `top --retained`. The thread that fills an array
// pays for those faults while the second core often has nothing to do (the dominator pass is
// sequential). prefault_in_background() hands an array's pages to one background thread with
// the SCHED_IDLE policy, so it only ever runs on a core that is otherwise idle. It faults the
// pages in from the array's end backwards with MADV_POPULATE_WRITE, while the owner usually
// writes from the front, and stops where they meet. Faulting a page in never changes its
// contents (fresh pages read as zero either way), so the owner needs no synchronisation with it;
// only unmapping does, which big_pages_free() handles through cancel_prefault().
//
// Only hand over arrays that will be written in full: pages faulted in count towards the
// process's resident memory whether the owner uses them or not.
#pragma once

#include <cstddef>

#include "heapsnap/util/huge_page_allocator.h"

namespace heapsnap {

// Queues [p, p + bytes) to be faulted in by the background thread. No effect on small ranges,
// when HEAPSNAP_NO_PREFAULT=1, or where the kernel lacks MADV_POPULATE_WRITE (Linux < 5.14).
void prefault_in_background(void* p, size_t bytes) noexcept;

// Drops any queued part of [p, p + bytes) and waits until the background thread is not working
// inside it. Must be called before the range is unmapped (big_pages_free does).
void cancel_prefault(void* p, size_t bytes) noexcept;

// The same for a whole container whose capacity is about to be written in full.
template <typename Vector>
void prefault_capacity(Vector& v) noexcept {
  prefault_in_background(v.data(), v.capacity() * sizeof(typename Vector::value_type));
}

// n elements, handed to the background thread before they are written: copies of `value`, or
// left default-initialized (for arrays the caller fills in full right away).
template <typename T>
BigVector<T> prefaulted_vector(size_t n, const T& value) {
  BigVector<T> v;
  v.reserve(n);
  prefault_capacity(v);
  v.assign(n, value);
  return v;
}
template <typename T>
BigVector<T> prefaulted_vector(size_t n) {
  BigVector<T> v;
  v.reserve(n);
  prefault_capacity(v);
  v.resize(n);
  return v;
}

}  // namespace heapsnap
