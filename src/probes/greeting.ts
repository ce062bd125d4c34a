// Stage greeting: read the server's first reply and recognise what answered.
import type { GreetingObservation } from '../model/observations.js';
import type { ControlChannel } from '../net/control.js';
import { otherProtocol, serverSoftware } from '../protocol/banner.js';
import { replyText } from '../protocol/reply.js';
import type { ProbeContext } from './context.js';
import { stepWait } from './context.js';

export async function probeGreeting(control: ControlChannel, ctx: ProbeContext): Promise<GreetingObservation> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const bannerOf = (): string =>
    control.firstBytes
      .toString('latin1')
      .replace(/[^\x20-\x7e]+/g, ' ')
      .trim();
  for (;;) {
    const result = await control.read(stepWait(ctx));
    const other = otherProtocol(control.firstBytes);
    if (other) return { kind: 'not-ftp', ms: elapsed(), banner: bannerOf(), service: other };
    switch (result.kind) {
      case 'reply': {
        const { reply } = result;
        // 120 means "ready in a moment"; the real greeting follows.
        if (reply.code === 120) continue;
        if (reply.code >= 200 && reply.code < 300) {
          return { kind: 'greeted', ms: elapsed(), reply, software: serverSoftware(replyText(reply)) };
        }
        return { kind: 'rejected', ms: elapsed(), reply };
      }
      case 'timeout':
        return { kind: 'silent', ms: elapsed(), partial: result.partial };
      case 'closed':
        return { kind: 'closed', ms: elapsed(), partial: result.partial };
      case 'reset':
        return { kind: 'reset', ms: elapsed() };
      case 'violation':
        if (result.reason === 'not-a-reply')
          return { kind: 'not-ftp', ms: elapsed(), banner: bannerOf(), service: 'unknown' };
        return { kind: 'violation', ms: elapsed(), reason: result.reason, partial: result.partial };
      case 'deadline':
        return { kind: 'deadline', ms: elapsed() };
    }
  }
}
