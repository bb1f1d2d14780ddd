#include "core/json.hpp"

#include <rapidjson/error/en.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace migready {
namespace {

// The deepest nesting of arrays and objects (a scalar document is depth 1), stopping past `limit`.
std::size_t nesting_depth(const json::Value& root, std::size_t limit) {
  std::vector<std::pair<const json::Value*, std::size_t>> stack{{&root, 1}};
  std::size_t deepest = 0;
  while (!stack.empty()) {
    auto [v, depth] = stack.back();
    stack.pop_back();
    deepest = std::max(deepest, depth);
    if (depth > limit) break;
    if (v->IsObject()) {
      for (auto m = v->MemberBegin(); m != v->MemberEnd(); ++m) stack.emplace_back(&m->value, depth + 1);
    } else if (v->IsArray()) {
      for (const auto& item : v->GetArray()) stack.emplace_back(&item, depth + 1);
    }
  }
  return deepest;
}

std::size_t line_of(std::string_view text, std::size_t offset) {
  const auto end = text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size()));
  return static_cast<std::size_t>(std::count(text.begin(), end, '\n')) + 1;
}

}  // namespace

Result<json::Document> parse_untrusted_json(std::string_view text, std::size_t max_depth, const std::string& where) {
  json::Document doc;
  // The collector writes UTF-8 only (invalid bytes become U+FFFD): invalid UTF-8 is a corrupt or forged document,
  // and letting it through would put invalid UTF-8 into the facts and the reports.
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(text.data(), text.size());
  if (doc.HasParseError()) {
    return make_error(Errc::format, std::string("not valid JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()),
                      where + ":" + std::to_string(line_of(text, doc.GetErrorOffset())));
  }
  if (nesting_depth(doc, max_depth) > max_depth) {
    return make_error(Errc::limit, "JSON nested deeper than " + std::to_string(max_depth) + " levels", where);
  }
  return doc;
}

}  // namespace migready
