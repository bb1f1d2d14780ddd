#include "bundle/sealed.hpp"

#include <cstdio>
#include <memory>

#include "platform/platform.hpp"

namespace migready::bundle {
namespace age = contract::age;

Result<std::shared_ptr<const Identities>> load_identities(const std::vector<std::string>& files) {
  if (files.empty()) return make_error(Errc::usage, "no identity file given");
  auto ids = std::make_shared<Identities>();
  for (const std::string& file : files) {
    auto mapped = platform::map_file(file);
    if (!mapped) return std::move(mapped).error();
    const auto bytes = mapped->bytes();
    if (bytes.size() > kMaxIdentityFileBytes) {
      return make_error(Errc::limit,
                        "larger than " + std::to_string(kMaxIdentityFileBytes) + " bytes: not an age identity file", file);
    }
    std::string error;
    auto parsed = age::parse_identities(
        std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), file, error);
    if (!parsed) return make_error(Errc::format, error);
    for (auto& k : *parsed) {
      ids->keys.push_back(k);
      k.wipe();
    }
  }
  return std::shared_ptr<const Identities>(std::move(ids));
}

bool is_sealed(std::string_view prefix) { return age::looks_like_age(prefix); }

Result<Bundle> open_sealed_memory(std::string_view file, std::string name, const Limits& limits,
                                  Diagnostics& diags) {
  if (!limits.identities || limits.identities->keys.empty()) {
    return make_error(Errc::usage,
                      "a sealed bundle (age-encrypted): give the desk's key with --identity KEYFILE "
                      "(or open it with 'age -d -i KEYFILE')",
                      name);
  }
  age::Failure why;
  auto plain = age::decrypt(file, limits.identities->keys, limits.max_total_size, why);
  if (!plain) {
    Errc code = Errc::format;
    switch (why.kind) {
      case age::Failure::Kind::not_age:
      case age::Failure::Kind::header:
      case age::Failure::Kind::truncated: code = Errc::format; break;
      case age::Failure::Kind::unsupported: code = Errc::unsupported; break;
      case age::Failure::Kind::no_identity: code = Errc::usage; break;
      case age::Failure::Kind::header_mac:
      case age::Failure::Kind::payload:
      case age::Failure::Kind::trailing: code = Errc::integrity; break;
      case age::Failure::Kind::limit: code = Errc::limit; break;
    }
    // A wrong key has no place in the file to point at.
    const bool placed = why.kind != age::Failure::Kind::no_identity;
    return make_error(code, "sealed bundle: " + why.message, placed ? name + "@" + std::to_string(why.offset) : name);
  }
  auto opened = open_bundle_memory(*plain, std::move(name), limits, diags);
  sodium_memzero(plain->data(), plain->size());
  return opened;
}

}  // namespace migready::bundle
