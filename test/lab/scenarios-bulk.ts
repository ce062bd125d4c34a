// Lab scenarios of one area: bulk transfers: full-size packets on the data path.
import type { Scenario } from './scenario-kit.js';

export const BULK_SCENARIOS: Scenario[] = [];
