// Objects one thread at a time may use, lent from a pool: RapidJSON's SchemaDocument keeps each pattern's
// search state inside itself, so two threads validating against one corrupt each other (manifest.cpp), and a
// thread_local copy is not an option on Windows: mingw-w64's emulated TLS frees a thread's storage before
// that thread's thread_local destructors run, so triage's workers crashed as they exited. The pool keeps as
// many objects as threads ever used at once (triage's workers), made on first need, freed at exit.
#pragma once

#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace migready::bundle::detail {

template <typename T>
class LendingPool {
 public:
  // The object is the caller's until the Lease ends, then goes back to the pool.
  class Lease {
   public:
    Lease(LendingPool& pool, std::unique_ptr<T> object) : m_pool(pool), m_object(std::move(object)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { m_pool.give_back(std::move(m_object)); }
    T& operator*() const { return *m_object; }
    T* operator->() const { return m_object.get(); }

   private:
    LendingPool& m_pool;
    std::unique_ptr<T> m_object;
  };

  // `make` builds a new object when every one is lent (it runs outside the lock).
  template <typename Make>
  Lease lend(Make&& make) {
    {
      const std::lock_guard lock(m_mutex);
      if (!m_free.empty()) {
        std::unique_ptr<T> object = std::move(m_free.back());
        m_free.pop_back();
        return Lease(*this, std::move(object));
      }
    }
    return Lease(*this, make());
  }

 private:
  void give_back(std::unique_ptr<T> object) {
    const std::lock_guard lock(m_mutex);
    m_free.push_back(std::move(object));
  }

  std::mutex m_mutex;
  std::vector<std::unique_ptr<T>> m_free;
};

}  // namespace migready::bundle::detail
