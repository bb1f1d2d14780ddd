// api.replication: this domain controller's replication state through ntdsapi (DsBindW to this server,
// DsReplicaGetInfoW for the inbound neighbors and the KCC's failure lists), shaped by core/replication.
#pragma once

#include "core/options.hpp"
#include "win32/api_artifacts.hpp"

namespace migready::collector::win32 {

// Always writes a document: on a server that is no domain controller it calls nothing and says so; a failed
// bind or call is that part's status and error (and the artifact's, failed or denied), never a stopped run.
ApiOutput collect_replication(const Options& options);

}  // namespace migready::collector::win32
