export const STAGE_NAMES = ['dns', 'connect', 'greeting', 'tls', 'login', 'passive', 'active'] as const;
export type StageName = (typeof STAGE_NAMES)[number];
export type StageStatus = 'pass' | 'warn' | 'fail' | 'skip';
