#pragma once

#include <QString>

// How terminals announce themselves on the local network (the device contract): a DNS-SD
// service of type _http._tcp in the mDNS domain local., instance name "sensetime", with TXT
// records model and sn (serial number).
namespace SensetimeService {
inline constexpr const char *Type = "_http._tcp";
inline constexpr const char *Domain = "local";
inline constexpr const char *Name = "sensetime";
inline constexpr const char *ModelKey = "model";
inline constexpr const char *SerialNumberKey = "sn";

// Whether a service instance name is a terminal's. Every terminal calls itself "sensetime",
// but an instance name is unique on a link: mDNS conflict resolution renames the second one
// to appear (Avahi to "sensetime #2", other responders to "sensetime (2)" or "sensetime-2").
// So every name that begins with "sensetime" counts, in any case (DNS names compare without
// case); terminals are told apart by serial number and host, not by name.
bool isTerminalName(const QString &instanceName);
} // namespace SensetimeService
