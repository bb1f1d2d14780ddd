// One owner for every Win32 handle kind the collector opens: closed exactly once, at scope exit.
//
//   UniqueHandle process(...);            CloseHandle; nullptr and INVALID_HANDLE_VALUE are "none"
//   UniqueServiceHandle scm(OpenSCManagerW(...));
//   UniqueKey key; RegOpenKeyExW(..., key.out());
//   UniqueSocket s(socket(...));          closesocket; INVALID_SOCKET is "none"
#pragma once

#include <winsock2.h>
#include <windows.h>

namespace migready::collector::win32 {

template <typename Traits>
class Unique {
 public:
  using Type = typename Traits::Type;

  Unique() = default;
  explicit Unique(Type h) : m_h(h) {}
  Unique(const Unique&) = delete;
  Unique& operator=(const Unique&) = delete;
  Unique(Unique&& other) noexcept : m_h(other.release()) {}
  Unique& operator=(Unique&& other) noexcept {
    reset(other.release());
    return *this;
  }
  ~Unique() { reset(); }

  void reset(Type h = Traits::none()) {
    if (Traits::valid(m_h)) Traits::close(m_h);
    m_h = h;
  }
  Type release() {
    Type h = m_h;
    m_h = Traits::none();
    return h;
  }
  Type get() const { return m_h; }
  Type* out() { return &m_h; }  // for APIs that return the handle through a pointer
  explicit operator bool() const { return Traits::valid(m_h); }

 private:
  Type m_h = Traits::none();
};

struct HandleTraits {
  using Type = HANDLE;
  static Type none() { return nullptr; }
  static bool valid(Type h) { return h != nullptr && h != INVALID_HANDLE_VALUE; }
  static void close(Type h) { CloseHandle(h); }
};
struct ServiceHandleTraits {
  using Type = SC_HANDLE;
  static Type none() { return nullptr; }
  static bool valid(Type h) { return h != nullptr; }
  static void close(Type h) { CloseServiceHandle(h); }
};
struct KeyTraits {
  using Type = HKEY;
  static Type none() { return nullptr; }
  static bool valid(Type h) { return h != nullptr; }
  static void close(Type h) { RegCloseKey(h); }
};
struct SocketTraits {
  using Type = SOCKET;
  static Type none() { return INVALID_SOCKET; }
  static bool valid(Type h) { return h != INVALID_SOCKET; }
  static void close(Type h) { closesocket(h); }
};

using UniqueHandle = Unique<HandleTraits>;
using UniqueServiceHandle = Unique<ServiceHandleTraits>;
using UniqueKey = Unique<KeyTraits>;
using UniqueSocket = Unique<SocketTraits>;

}  // namespace migready::collector::win32
