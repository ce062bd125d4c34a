// ftp-srv's command registry, which the embedded server reads for FEAT's lines. ftp-srv ships no types
// for it; a literal specifier (not a variable) lets the single executable's bundle include it.
declare module 'ftp-srv/src/commands/registry.js' {
  const registry: Readonly<Record<string, unknown>>;
  export default registry;
}
