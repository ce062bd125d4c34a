// Fix steps and server settings that several rules give: the passive port range and the passive
// address. Rules import them from here, never from each other.
import type { FixStep } from '../../model/findings.js';
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

/**
 * Where each server is told the public address its PASV replies must name: the address the check
 * reached, when it came from outside. From inside the server's network that address is an internal one,
 * which would break passive mode for every outside client: the settings then name the public address
 * outside clients use, which this check could not see.
 */
export const pasvAddressSettings: ServerSettings = (v) => {
  const a = v.inside ? 'PUBLIC-ADDRESS' : v.address;
  const note = v.inside
    ? ` (the public address outside clients reach; not ${v.address}, the internal address this check reached, which would break passive mode for every outside client)`
    : '';
  return {
    vsftpd: `pasv_address=${a} (and pasv_addr_resolve=NO) in vsftpd.conf${note}`,
    proftpd: `MasqueradeAddress ${a} in proftpd.conf${note}`,
    'pure-ftpd': `ForcePassiveIP ${a} (option -P ${a})${note}`,
    filezilla: `Server settings → Passive mode → "Use the following IP": ${a}${note}`,
    iis: `FTP Firewall Support → "External IP Address of Firewall": ${a}${note}`,
    'ftp-srv': `pasv_url: '${a}'${note}`,
  };
};

/**
 * A check from inside the server's network that reached it at an internal address, while the server
 * names its public address for data: right for outside clients, so the fixes belong to the router (loop
 * the public address back) and the inside clients, never to the server's passive address.
 */
export function hairpinFixes(publicAddress: string, internal: string): FixStep[] {
  return [
    {
      role: 'network-admin',
      text:
        `Turn on hairpin NAT on the router (also called NAT loopback or NAT reflection) for the FTP port and the ` +
        `passive port range, so that inside clients connecting to the public address ${publicAddress} reach the ` +
        'server; inside clients can then use the public name and address like everyone else.',
    },
    {
      role: 'network-admin',
      text:
        `Or split DNS: the server's name resolves to ${internal} inside the network. That brings inside clients to ` +
        'the control port directly; their passive data connections still need hairpin NAT or a client that ' +
        'ignores the PASV address, since the server names its public address to everyone.',
    },
    {
      role: 'user',
      text:
        "Inside the network, use a client that ignores the PASV reply's address or asks with EPSV, which names " +
        'only a port: curl (the default since 7.74), lftp with `set ftp:prefer-epsv yes`, Python ftplib (3.9.3 and later).',
    },
    {
      role: 'server-admin',
      text:
        `Keep the passive address ${publicAddress}: it is right for outside clients, and naming ${internal} instead ` +
        'would break passive mode for every one of them. Only a server that can name another address to local ' +
        'clients serves both (FileZilla Server: "Don\'t use external IP for local connections").',
    },
  ];
}
