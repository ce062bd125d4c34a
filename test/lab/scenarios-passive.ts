// Lab scenarios of one area: PASV and EPSV apart, middleboxes, the server's view of the client, --audit.
import type { Scenario } from './scenario-kit.js';

export const PASSIVE_SCENARIOS: Scenario[] = [];
