// The artifact readers (read.hpp).
#include "facts/read.hpp"

#include <map>
#include <span>

#include "bundle/api_schema.hpp"
#include "contract/text_form.hpp"
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

LoadedHive load_system_hive(const Bundle& b, Diagnostics& diags) {
  LoadedHive out = load_hive(b, "registry.system", diags);
  if (!out.hive) {
    out.control_set_status = out.status;
    out.control_set_reason = out.reason;
    return out;
  }
  auto ccs = hive::current_control_set(*out.hive);
  if (ccs) {
    out.control_set = std::move(*ccs);
    out.control_set_reason.clear();
    return out;
  }
  // A hive that opens but does not hold what Select names was not collected whole (or was altered): what
  // depends on it is unknown, never read as an empty set.
  out.control_set_status =
      ccs.error().code == Errc::not_found ? FactStatus::collection_failed : FactStatus::parse_failed;
  out.control_set_reason = ccs.error().to_string();
  diags.add(Severity::warning, ccs.error().code,
            "the SYSTEM hive is inconsistent: " + ccs.error().message +
                "; every fact read from its current control set is unknown",
            ccs.error().where);
  return out;
}

namespace {

// "recorded as `oem`", or "with no recorded encoding".
std::string recorded(contract::Encoding e) {
  if (e == contract::Encoding::none) return "with no recorded encoding";
  return "recorded as `" + std::string(contract::encoding_name(e)) + "`";
}

}  // namespace

std::string decode_artifact(const Bundle& b, const ArtifactRecord& art, Diagnostics& diags) {
  const std::string& bytes = *b.entry_bytes(art);
  const std::string where = art.path.value_or(art.id);
  const std::uint32_t oem = b.manifest.host.oem_code_page;
  const std::uint32_t ansi = b.manifest.host.ansi_code_page;
  const contract::Encoding declared = art.encoding;
  text::Decoded decoded;
  std::uint32_t code_page = 0;
  // The bytes' own form first: a BOM or the UTF-16LE pattern is what the tool wrote, whatever the manifest
  // says (a collector before this check recorded every command output `oem`; a hand-built bundle may say
  // anything). A disagreement is read by the bytes and said once.
  const contract::TextForm form = contract::sniff_text_form(bytes);
  switch (form) {
    case contract::TextForm::utf16le_bom:
    case contract::TextForm::utf16le_pattern: decoded = text::decode_utf16le(bytes); break;
    case contract::TextForm::utf16be_bom: decoded = text::decode_utf16be(bytes); break;
    case contract::TextForm::utf8_bom: decoded = text::sanitize_utf8(std::string_view(bytes).substr(3)); break;
    case contract::TextForm::narrow:
      if (declared == contract::Encoding::utf16le) {
        decoded = text::decode_utf16le(bytes);  // non-Latin UTF-16 without a BOM shows no pattern
      } else if (declared == contract::Encoding::utf8) {
        decoded = text::sanitize_utf8(bytes);
      } else {
        code_page = declared == contract::Encoding::ansi ? ansi : oem;
        // OEM or ANSI cannot be told by the collector: a console tool writes OEM into a pipe, a C-runtime
        // tool may write ANSI. When the recorded code page puts a symbol inside a word and the other one
        // only letters there, the other one is read, and that is said.
        const std::uint32_t other = code_page == ansi ? oem : ansi;
        if (other != code_page && text::code_page_supported(other)) {
          const text::CodePageFit as_recorded = text::code_page_fit(bytes, code_page);
          const text::CodePageFit as_other = text::code_page_fit(bytes, other);
          if (as_recorded.others > 0 && as_other.others == 0 && as_other.letters > 0) {
            diags.warn(Errc::format,
                       recorded(declared) + " (code page " + std::to_string(code_page) + "), but " +
                           std::to_string(as_recorded.others) + " of its non-ASCII bytes inside words are not "
                           "letters there and all are in code page " + std::to_string(other) + " (" +
                           (other == ansi ? "ANSI" : "OEM") + "): read as code page " + std::to_string(other),
                       where);
            code_page = other;
          }
        }
        decoded = text::decode_code_page(bytes, code_page);
      }
      break;
  }
  if (form == contract::TextForm::utf16be_bom ||
      (form != contract::TextForm::narrow && contract::encoding_of(form, declared) != declared)) {
    diags.warn(Errc::format,
               recorded(declared) + ", but the bytes are " + std::string(contract::text_form_name(form)) +
                   ": read as such",
               where);
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

std::vector<std::string> shared_path_reasons(const RowArtifacts& row) {
  std::vector<std::string> out(row.files.size());
  std::map<std::string_view, const ArtifactRecord*> owner;
  for (std::size_t i = 0; i < row.files.size(); ++i) {
    const ArtifactRecord* art = row.files[i];
    if (!art->path) continue;
    auto [it, inserted] = owner.emplace(*art->path, art);
    if (!inserted) out[i] = art->id + " shares its path '" + *art->path + "' with " + it->second->id;
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

std::optional<json::Document> load_api_doc(Facts& f, const Bundle& b, std::string_view id,
                                                std::string_view schema, std::initializer_list<std::string_view> paths,
                                                Diagnostics& diags) {
  ApiDoc read = read_api_doc(b, id, schema, diags);
  if (!read.doc) mark_all(f, paths, read.status, id, read.reason);
  return std::move(read.doc);
}

}  // namespace migready::facts::detail
