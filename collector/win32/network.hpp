// Reads api.network's four IP Helper calls (GetAdaptersAddresses, GetAdaptersInfo, GetNetworkParams,
// GetIpForwardTable) into core/network_json.hpp's NetworkReading; every call that fails is recorded there
// and the others still run. Read-only: nothing here changes the configuration.
#pragma once

#include "core/network_json.hpp"

namespace migready::collector::win32 {

network::NetworkReading read_network();

}  // namespace migready::collector::win32
