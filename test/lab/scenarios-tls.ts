// Lab scenarios of one area: TLS posture and protocol mix-ups.
import type { Scenario } from './scenario-kit.js';

export const TLS_SCENARIOS: Scenario[] = [];
