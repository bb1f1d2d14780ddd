// The artifact readers (read.hpp).
#include "facts/read.hpp"

#include <span>

#include "bundle/api_schema.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "facts/support.hpp"

namespace migready::facts::detail {

std::string unavailable_reason(const Bundle& b, const ArtifactRecord* art) {
  if (art == nullptr) return "not in this bundle (the collector did not gather it)";
  if (b.entry_bytes(*art) != nullptr) return {};
  std::string reason = "collection " + std::string(contract::status_name(art->status));
  if (art->error) reason += ": " + *art->error;
  if (art->status == contract::Status::ok) reason = "stored bytes missing or corrupt";
  return reason;
}

LoadedHive load_hive(const Bundle& b, std::string_view id, Diagnostics& diags) {
  LoadedHive out;
  out.artifact_id = std::string(id);
  const ArtifactRecord* art = b.artifact(id);
  if (auto why = unavailable_reason(b, art); !why.empty()) {
    out.reason = why;
    return out;
  }
  const std::string& bytes = *b.entry_bytes(*art);
  const std::string name = *art->path;
  Result<hive::Hive> opened = art->format == contract::Format::reg
      ? hive::Hive::open_reg(bytes, name, art->source_what, diags)
      : hive::Hive::open_regf(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), name, diags);
  if (!opened) {
    out.status = FactStatus::parse_failed;
    out.reason = opened.error().to_string();
    diags.add(opened.error());
    return out;
  }
  out.hive.emplace(std::move(*opened));
  out.is_reg_export = art->format == contract::Format::reg;
  return out;
}

std::string decode_artifact(const Bundle& b, const ArtifactRecord& art, Diagnostics& diags) {
  const std::string& bytes = *b.entry_bytes(art);
  const std::string where = art.path.value_or(art.id);
  text::Decoded decoded;
  std::uint32_t code_page = 0;
  const bool bom16 = bytes.size() >= 2 && bytes[0] == '\xFF' && bytes[1] == '\xFE';
  if (bom16 || art.encoding == contract::Encoding::utf16le) {
    decoded = text::decode_utf16le(bytes);
  } else if (art.encoding == contract::Encoding::utf8) {
    std::string_view view(bytes);
    if (view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);
    decoded = text::sanitize_utf8(view);
  } else {
    code_page = art.encoding == contract::Encoding::ansi ? b.manifest.host.ansi_code_page
                                                         : b.manifest.host.oem_code_page;
    decoded = text::decode_code_page(bytes, code_page);
  }
  if (decoded.lossy) {
    diags.warn(Errc::format,
               code_page != 0 ? "some bytes are not valid in code page " + std::to_string(code_page)
                              : std::string("some bytes are not valid text in the artifact's encoding"),
               where);
  }
  return std::move(decoded.utf8);
}

TextArtifact load_text(const Bundle& b, std::string_view id, Diagnostics& diags) {
  TextArtifact out;
  out.art = b.artifact(id);
  out.reason = unavailable_reason(b, out.art);
  if (!out.reason.empty()) return out;
  out.where = out.art->path.value_or(std::string(id));
  out.text = decode_artifact(b, *out.art, diags);
  return out;
}

RowArtifacts row_artifacts(const Bundle& b, std::string_view row_id) {
  RowArtifacts out;
  for (const auto& art : b.manifest.artifacts) {
    if (art.id == row_id) {
      out.row_record = &art;
    } else if (art.id.size() > row_id.size() + 1 && art.id.compare(0, row_id.size(), row_id) == 0 &&
               art.id[row_id.size()] == '.') {
      out.files.push_back(&art);
    }
  }
  return out;
}

ApiDoc read_api_doc(const Bundle& b, std::string_view id, std::string_view schema, Diagnostics& diags) {
  ApiDoc out;
  const ArtifactRecord* art = b.artifact(id);
  if (auto why = unavailable_reason(b, art); !why.empty()) {
    out.reason = why;
    return out;
  }
  const std::string where = art->path.value_or(std::string(id));
  auto doc = parse_untrusted_json(*b.entry_bytes(*art), bundle::kApiDocumentMaxDepth, where);
  if (!doc) out.reason = doc.error().to_string();
  else if (member_string(*doc, "schema") != std::optional<std::string>(schema)) {
    out.reason = where + ": not a " + std::string(schema) + " document";
  } else if (auto valid = bundle::validate_api_document(id, *doc, where); !valid) {
    // The schema (contract/api/) before any reading: a document that breaks it is refused whole, with the
    // offending member's JSON Pointer, rather than read as far as it happens to make sense.
    out.reason = valid.error().to_string();
  }
  if (!out.reason.empty()) {
    diags.warn(Errc::format, out.reason, where);
    out.status = FactStatus::parse_failed;
    return out;
  }
  out.doc.emplace(std::move(*doc));
  return out;
}

std::optional<rapidjson::Document> load_api_doc(Facts& f, const Bundle& b, std::string_view id,
                                                std::string_view schema, std::initializer_list<std::string_view> paths,
                                                Diagnostics& diags) {
  ApiDoc read = read_api_doc(b, id, schema, diags);
  if (!read.doc) mark_all(f, paths, read.status, id, read.reason);
  return std::move(read.doc);
}

}  // namespace migready::facts::detail
