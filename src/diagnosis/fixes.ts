// Fix steps and server settings that several rules give: the passive port range and the passive
// address. Rules import them from here, never from each other.
import type { FixStep } from '../model/findings.js';
import type { ServerSettings } from './rule.js';

/** Where each server is given a fixed passive port range, to open on the firewall. */
export const passiveRangeSettings: ServerSettings = (v) => {
  const hint = `a range MIN-MAX that includes port ${v.passivePort}`;
  return {
    vsftpd: `pasv_min_port=MIN and pasv_max_port=MAX in vsftpd.conf (${hint})`,
    proftpd: `PassivePorts MIN MAX in proftpd.conf (${hint})`,
    'pure-ftpd': `PassivePortRange MIN MAX (option -p MIN:MAX; ${hint})`,
    filezilla: `Server settings → Passive mode → "Use custom port range" (${hint})`,
    iis: `FTP Firewall Support → "Data Channel Port Range" (${hint})`,
    'ftp-srv': `pasv_min: MIN, pasv_max: MAX (${hint})`,
  };
};

/** Opening that range on the firewalls in front of the server. */
export const OPEN_PASSIVE_RANGE: FixStep = {
  role: 'network-admin',
  text:
    'Allow inbound TCP to the passive range on every firewall in front of the server: ' +
    'iptables `iptables -A INPUT -p tcp --dport MIN:MAX -j ACCEPT` (FORWARD on a router); ' +
    'nftables `nft add rule inet filter input tcp dport MIN-MAX accept`; ' +
    'Windows `New-NetFirewallRule -DisplayName "FTP passive" -Direction Inbound -Protocol TCP -LocalPort MIN-MAX -Action Allow`; ' +
    'behind NAT, forward the same range to the server.',
};

/** Where each server is told the public address its PASV replies must name. */
export const pasvAddressSettings: ServerSettings = (v) => ({
  vsftpd: `pasv_address=${v.address} (and pasv_addr_resolve=NO) in vsftpd.conf`,
  proftpd: `MasqueradeAddress ${v.address} in proftpd.conf`,
  'pure-ftpd': `ForcePassiveIP ${v.address} (option -P ${v.address})`,
  filezilla: `Server settings → Passive mode → "Use the following IP": ${v.address}`,
  iis: `FTP Firewall Support → "External IP Address of Firewall": ${v.address}`,
  'ftp-srv': `pasv_url: '${v.address}'`,
});
