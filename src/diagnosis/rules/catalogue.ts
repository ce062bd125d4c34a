// The one list of rules. Diagnosis, the docs and every report read finding texts from here; the mapped
// type makes the compiler demand a rule for every finding code.
import type { FindingCode } from '../../model/findings.js';
import type { Rule } from './rule.js';
import { activeCallbackBlocked } from './active-callback-blocked.js';
import { activeCallbackOtherAddress } from './active-callback-other-address.js';
import { activePortRejected } from './active-port-rejected.js';
import { activeSourcePortNot20 } from './active-source-port-not-20.js';
import { addressFallback } from './address-fallback.js';
import { bannerTimeout } from './banner-timeout.js';
import { clientBehindNatRule } from './client-behind-nat.js';
import { controlFiltered } from './control-filtered.js';
import { controlLost } from './control-lost.js';
import { controlRefused } from './control-refused.js';
import { controlReset } from './control-reset.js';
import { controlUnreachable } from './control-unreachable.js';
import { dataTransferStalled } from './data-transfer-stalled.js';
import { deadlineReached } from './deadline-reached.js';
import { dnsUnresolved } from './dns-unresolved.js';
import { epsvUnsupported } from './epsv-unsupported.js';
import { greetingRejected } from './greeting-rejected.js';
import { loginFailed } from './login-failed.js';
import { notFtp } from './not-ftp.js';
import { pasvDataFiltered } from './pasv-data-filtered.js';
import { pasvDataRefused } from './pasv-data-refused.js';
import { pasvForeignAddress } from './pasv-foreign-address.js';
import { pasvPrivateAddress } from './pasv-private-address.js';
import { pasvRangePartlyBlocked } from './pasv-range-partly-blocked.js';
import { pasvRejected } from './pasv-rejected.js';
import { protocolViolation } from './protocol-violation.js';
import { serverSendsControlCharacters } from './server-sends-control-characters.js';
import { tlsRequired } from './tls-required.js';
import { tlsUnsupported } from './tls-unsupported.js';
import { tlsHandshakeFailed } from './tls-handshake-failed.js';
import { tlsCertificateUntrusted } from './tls-certificate-untrusted.js';
import { tlsCertificateExpired } from './tls-certificate-expired.js';
import { tlsCertificateNameMismatch } from './tls-certificate-name-mismatch.js';
import { tlsSessionReuseRequired } from './tls-session-reuse-required.js';
import { tlsHidesPasvFromFirewall } from './tls-hides-pasv-from-firewall.js';
import { tlsHidesPortFromFirewall } from './tls-hides-port-from-firewall.js';
import { tlsOffered } from './tls-offered.js';
import { algRewritesPasv } from './alg-rewrites-pasv.js';
import { tlsModeMismatch } from './tls-mode-mismatch.js';
import { tlsCertificateExpiring } from './tls-certificate-expiring.js';
import { tlsLegacyVersion } from './tls-legacy-version.js';
import { cleartextLogin } from './cleartext-login.js';
import { pasvEpsvDiffer } from './pasv-epsv-differ.js';
import { clientPublicAddress } from './client-public-address.js';
import { replyMaskedByInspection } from './reply-masked-by-inspection.js';
import { pasvLowPort } from './pasv-low-port.js';
import { pasvRangeSmall } from './pasv-range-small.js';
import { portBounceAllowed } from './port-bounce-allowed.js';
import { anonymousAllowed } from './anonymous-allowed.js';
import { anonymousWritable } from './anonymous-writable.js';
import { vantageDiffers } from './vantage-differs.js';
import { algRewritesPort } from './alg-rewrites-port.js';
import { dataTampered } from './data-tampered.js';
import { tlsHandshakeStalled } from './tls-handshake-stalled.js';
import { tlsChainIncomplete } from './tls-chain-incomplete.js';
import { fileMissing } from './file-missing.js';
import { fileStale } from './file-stale.js';
import { fileTooSmall } from './file-too-small.js';
import { activeServerErrorRule } from './active-server-error.js';
import { knownVulnerableServer } from './known-vulnerable-server.js';
import { modCopyUnauthenticated } from './mod-copy-unauthenticated.js';
import { tlsDataUnprotectedAllowed } from './tls-data-unprotected-allowed.js';

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
