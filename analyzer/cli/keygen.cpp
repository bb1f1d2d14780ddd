#include "cli/keygen.hpp"

#include <chrono>
#include <ctime>
#include <iostream>

#include "contract/age.hpp"
#include "platform/platform.hpp"

namespace migready::cli {

int run_keygen(const std::string& output) {
  namespace age = contract::age;
  std::string error;
  if (!age::init(error)) {
    std::cerr << "migready: keygen: " << error << "\n";
    return 2;
  }
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm utc{};
#ifdef _WIN32
  gmtime_s(&utc, &now);
#else
  gmtime_r(&now, &utc);
#endif
  char created[32];
  std::strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &utc);
  age::Identity id = age::generate_identity();
  std::string text = age::identity_file_text(id, created);
  const std::string recipient = age::encode_recipient(id.public_key);
  id.wipe();
  int code = 0;
  if (output.empty()) {
    std::cout << text << std::flush;
    std::cerr << "Public key: " << recipient << "\n";
  } else if (auto written = platform::write_new_private_file(output, text); !written) {
    std::cerr << "migready: keygen: cannot create the identity file (it is never overwritten): "
              << written.error().to_string() << "\n";
    code = 2;
  } else {
    std::cout << recipient << "\n";
  }
  sodium_memzero(text.data(), text.size());
  return code;
}

}  // namespace migready::cli
