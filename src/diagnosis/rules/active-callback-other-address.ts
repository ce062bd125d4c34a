import { canonicalAddress } from '../../protocol/address.js';
import { describeCallback } from './wording/connections.js';
import { controlPeer, ranActive } from '../facts/common.js';
import type { Rule } from './rule.js';

export const activeCallbackOtherAddress: Rule<'active-callback-other-address'> = {
  code: 'active-callback-other-address',
  title: 'Active data comes from another address than the server',
  severity: 'warning',
  stage: 'active',
  explanation:
    "In active mode the server's data connection arrived from a different address than the one the " +
    'control connection reached. The server has several addresses (it answers on one and sends from another), ' +
    'or its outbound traffic goes through a NAT with a different public address. ' +
    'Stateful firewalls and NAT routers on the client side, and their FTP helpers, ' +
    "expect the data connection from the control connection's address and drop this one; " +
    'careful clients refuse it as a possible hijack.',
  likelyRule:
    "The server's outbound source address differs from its listening address: " +
    'a multi-homed server, or outbound SNAT/masquerading to another public address than the inbound port forward uses.',
  confirm: [
    "With `--verbose`, the transcript names the address the server connected back from; compare it with the server's address.",
  ],
  fix: [
    {
      role: 'server-admin',
      text:
        'Make the server connect out from the address clients reach it at ' +
        '(vsftpd: `listen_address=` with that address; or a source-address route), or prefer passive mode.',
    },
    {
      role: 'network-admin',
      text: 'Make outbound NAT for the server use the same public address as its inbound port forward.',
    },
    { role: 'user', text: 'Use passive mode.' },
  ],
  match(o) {
    const cb = ranActive(o)?.callback;
    const peer = controlPeer(o);
    if (cb?.kind !== 'arrived' || !peer || canonicalAddress(cb.from.address) === peer) return [];
    return [{ evidence: `The control connection reached ${peer}, but ${describeCallback(cb)}.` }];
  },
};
