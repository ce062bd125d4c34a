// The one list of rules. Diagnosis, the docs and every report read finding texts from here; the mapped
// type makes the compiler demand a rule for every finding code.
import type { FindingCode } from '../model/findings.js';
import type { Rule } from './rule.js';
import { activeCallbackBlocked } from './rules/active-callback-blocked.js';
import { activeCallbackOtherAddress } from './rules/active-callback-other-address.js';
import { activePortRejected } from './rules/active-port-rejected.js';
import { activeSourcePortNot20 } from './rules/active-source-port-not-20.js';
import { addressFallback } from './rules/address-fallback.js';
import { bannerTimeout } from './rules/banner-timeout.js';
import { clientBehindNatRule } from './rules/client-behind-nat.js';
import { controlFiltered } from './rules/control-filtered.js';
import { controlLost } from './rules/control-lost.js';
import { controlRefused } from './rules/control-refused.js';
import { controlReset } from './rules/control-reset.js';
import { controlUnreachable } from './rules/control-unreachable.js';
import { dataTransferStalled } from './rules/data-transfer-stalled.js';
import { deadlineReached } from './rules/deadline-reached.js';
import { dnsUnresolved } from './rules/dns-unresolved.js';
import { epsvUnsupported } from './rules/epsv-unsupported.js';
import { greetingRejected } from './rules/greeting-rejected.js';
import { loginFailed } from './rules/login-failed.js';
import { notFtp } from './rules/not-ftp.js';
import { pasvDataFiltered } from './rules/pasv-data-filtered.js';
import { pasvDataRefused } from './rules/pasv-data-refused.js';
import { pasvForeignAddress } from './rules/pasv-foreign-address.js';
import { pasvPrivateAddress } from './rules/pasv-private-address.js';
import { pasvRangePartlyBlocked } from './rules/pasv-range-partly-blocked.js';
import { pasvRejected } from './rules/pasv-rejected.js';
import { protocolViolation } from './rules/protocol-violation.js';
import { serverSendsControlCharacters } from './rules/server-sends-control-characters.js';
import { tlsRequired } from './rules/tls-required.js';
import { tlsUnsupported } from './rules/tls-unsupported.js';
import { tlsHandshakeFailed } from './rules/tls-handshake-failed.js';
import { tlsCertificateUntrusted } from './rules/tls-certificate-untrusted.js';
import { tlsCertificateExpired } from './rules/tls-certificate-expired.js';
import { tlsCertificateNameMismatch } from './rules/tls-certificate-name-mismatch.js';
import { tlsSessionReuseRequired } from './rules/tls-session-reuse-required.js';
import { tlsHidesPasvFromFirewall } from './rules/tls-hides-pasv-from-firewall.js';
import { tlsHidesPortFromFirewall } from './rules/tls-hides-port-from-firewall.js';
import { tlsOffered } from './rules/tls-offered.js';
import { algRewritesPasv } from './rules/alg-rewrites-pasv.js';
import { tlsModeMismatch } from './rules/tls-mode-mismatch.js';
import { tlsCertificateExpiring } from './rules/tls-certificate-expiring.js';
import { tlsLegacyVersion } from './rules/tls-legacy-version.js';
import { cleartextLogin } from './rules/cleartext-login.js';
import { pasvEpsvDiffer } from './rules/pasv-epsv-differ.js';
import { clientPublicAddress } from './rules/client-public-address.js';
import { replyMaskedByInspection } from './rules/reply-masked-by-inspection.js';
import { pasvLowPort } from './rules/pasv-low-port.js';
import { pasvRangeSmall } from './rules/pasv-range-small.js';
import { portBounceAllowed } from './rules/port-bounce-allowed.js';
import { anonymousAllowed } from './rules/anonymous-allowed.js';
import { anonymousWritable } from './rules/anonymous-writable.js';
import { vantageDiffers } from './rules/vantage-differs.js';
import { algRewritesPort } from './rules/alg-rewrites-port.js';
import { dataTampered } from './rules/data-tampered.js';
import { tlsHandshakeStalled } from './rules/tls-handshake-stalled.js';
import { tlsChainIncomplete } from './rules/tls-chain-incomplete.js';
import { fileMissing } from './rules/file-missing.js';
import { fileStale } from './rules/file-stale.js';
import { fileTooSmall } from './rules/file-too-small.js';
import { activeServerErrorRule } from './rules/active-server-error.js';
import { knownVulnerableServer } from './rules/known-vulnerable-server.js';
import { modCopyUnauthenticated } from './rules/mod-copy-unauthenticated.js';
import { tlsDataUnprotectedAllowed } from './rules/tls-data-unprotected-allowed.js';

export const CATALOGUE: { readonly [C in FindingCode]: Rule<C> } = {
  'dns-unresolved': dnsUnresolved,
  'control-filtered': controlFiltered,
  'control-refused': controlRefused,
  'control-unreachable': controlUnreachable,
  'banner-timeout': bannerTimeout,
  'not-ftp': notFtp,
  'greeting-rejected': greetingRejected,
  'control-reset': controlReset,
  'control-lost': controlLost,
  'protocol-violation': protocolViolation,
  'login-failed': loginFailed,
  'tls-required': tlsRequired,
  'pasv-rejected': pasvRejected,
  'pasv-private-address': pasvPrivateAddress,
  'pasv-foreign-address': pasvForeignAddress,
  'pasv-data-filtered': pasvDataFiltered,
  'pasv-data-refused': pasvDataRefused,
  'data-transfer-stalled': dataTransferStalled,
  'active-port-rejected': activePortRejected,
  'active-callback-blocked': activeCallbackBlocked,
  'active-source-port-not-20': activeSourcePortNot20,
  'client-behind-nat': clientBehindNatRule,
  'epsv-unsupported': epsvUnsupported,
  'deadline-reached': deadlineReached,
  'tls-unsupported': tlsUnsupported,
  'tls-handshake-failed': tlsHandshakeFailed,
  'tls-certificate-untrusted': tlsCertificateUntrusted,
  'tls-certificate-expired': tlsCertificateExpired,
  'tls-certificate-name-mismatch': tlsCertificateNameMismatch,
  'tls-session-reuse-required': tlsSessionReuseRequired,
  'tls-hides-pasv-from-firewall': tlsHidesPasvFromFirewall,
  'tls-hides-port-from-firewall': tlsHidesPortFromFirewall,
  'tls-offered': tlsOffered,
  'alg-rewrites-pasv': algRewritesPasv,
  'pasv-range-partly-blocked': pasvRangePartlyBlocked,
  'active-callback-other-address': activeCallbackOtherAddress,
  'address-fallback': addressFallback,
  'server-sends-control-characters': serverSendsControlCharacters,
  'tls-mode-mismatch': tlsModeMismatch,
  'tls-certificate-expiring': tlsCertificateExpiring,
  'tls-legacy-version': tlsLegacyVersion,
  'cleartext-login': cleartextLogin,
  'pasv-epsv-differ': pasvEpsvDiffer,
  'client-public-address': clientPublicAddress,
  'reply-masked-by-inspection': replyMaskedByInspection,
  'pasv-low-port': pasvLowPort,
  'pasv-range-small': pasvRangeSmall,
  'port-bounce-allowed': portBounceAllowed,
  'anonymous-allowed': anonymousAllowed,
  'anonymous-writable': anonymousWritable,
  'vantage-differs': vantageDiffers,
  'alg-rewrites-port': algRewritesPort,
  'data-tampered': dataTampered,
  'tls-handshake-stalled': tlsHandshakeStalled,
  'tls-chain-incomplete': tlsChainIncomplete,
  'file-missing': fileMissing,
  'file-stale': fileStale,
  'file-too-small': fileTooSmall,
  'active-server-error': activeServerErrorRule,
  'known-vulnerable-server': knownVulnerableServer,
  'mod-copy-unauthenticated': modCopyUnauthenticated,
  'tls-data-unprotected-allowed': tlsDataUnprotectedAllowed,
};
